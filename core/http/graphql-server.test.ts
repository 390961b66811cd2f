import { targetOf } from './graphql-server';

describe('targetOf: the path and query string the routes are matched by', () => {
  it('splits an origin-form target as sent', () => {
    expect(targetOf('/graphql?query=%7B+health+%7D')).toEqual({ pathname: '/graphql', search: '?query=%7B+health+%7D' });
    expect(targetOf('/readyz')).toEqual({ pathname: '/readyz', search: '' });
    expect(targetOf(undefined)).toEqual({ pathname: '/', search: '' });
  });

  it('reads the absolute form a proxy may send', () => {
    expect(targetOf('http://gerbang.example/graphql?x=1')).toEqual({ pathname: '/graphql', search: '?x=1' });
  });

  it('gives no route to a path spelt another way, or to a target that is not a path', () => {
    expect(targetOf('/a/../graphql').pathname).not.toBe('/graphql');
    expect(targetOf('*').pathname).toBe('');
    expect(targetOf('constructor').pathname).toBe('');
    expect(targetOf('http://[bad').pathname).toBe('');
  });
});
