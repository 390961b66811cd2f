import type { Principal, RequestContext } from '@core/context/request-context';
import { callerFacts } from './enforce';

const request = (principal: Principal, purpose?: string): RequestContext => ({ requestId: 'r', principal, tenant: 'tangsel', ...(purpose ? { purpose } : {}) });
const officer = (): Extract<Principal, { kind: 'user' }> => ({ kind: 'user', id: 'petugas-1', roles: ['OFFICER', 'ADMINISTRATOR'], scopes: ['population:write', 'population:read'] });

describe('callerFacts', () => {
  it('reads kind, sorted roles and scopes, and whether a purpose was stated: not the id', () => {
    const facts = callerFacts(request(officer(), 'layanan KTP'));
    expect(facts.key).toBe('user|ADMINISTRATOR,OFFICER|population:read,population:write|stated');
    expect(facts.caller).toEqual({ principal: { kind: 'user', id: '', roles: ['ADMINISTRATOR', 'OFFICER'], scopes: ['population:read', 'population:write'] }, purpose: 'stated' });
    expect(callerFacts(request({ ...officer(), id: 'petugas-2' }, 'other')).key).toBe(facts.key);
  });

  it('tells a stated purpose from none, and an anonymous caller from everyone else', () => {
    expect(callerFacts(request(officer())).key).toBe('user|ADMINISTRATOR,OFFICER|population:read,population:write|');
    expect(callerFacts(request({ kind: 'anonymous' }, 'layanan KTP')).key).toBe('anonymous');
    expect(callerFacts(undefined).key).toBe('anonymous');
  });

  it('works a frozen principal out once per purpose stated or not, and an unfrozen one each time', () => {
    const frozen = Object.freeze(officer());
    expect(callerFacts(request(frozen, 'layanan KTP')).key).toMatch(/\|stated$/);
    expect(callerFacts(request(frozen)).key).toMatch(/\|$/);
    expect(callerFacts(request(frozen, 'layanan KTP'))).toBe(callerFacts(request(frozen, 'other')));
    expect(Object.isFrozen(callerFacts(request(frozen)).caller)).toBe(true);
    const changing = officer();
    const before = callerFacts(request(changing)).key;
    changing.roles.push('SUPERVISOR');
    expect(callerFacts(request(changing)).key).not.toBe(before);
  });
});
