import type { Principal } from '@core/context/request-context';
import type { GatewayContext } from './context';
import { inFlightKeyOf } from './in-flight-key';

const contextOf = (principal: Principal, purpose?: string) => ({ request: { requestId: 'r', principal, tenant: 'tangsel', ...(purpose ? { purpose } : {}) } }) as unknown as GatewayContext;
const officer = (scopes: string[]): Principal => Object.freeze({ kind: 'user', id: 'petugas-1', roles: Object.freeze(['OFFICER']) as string[], scopes: Object.freeze(scopes) as string[], region: '36.74.01' });

describe('inFlightKeyOf', () => {
  const body = { query: 'query Q($nik: String!) { resident(nik: $nik) { name } }', operationName: 'Q', variables: { nik: '3674010101900001' } };

  it('is every fact of the caller and the request, as JSON', () => {
    const principal = officer(['population:read']);
    expect(inFlightKeyOf(contextOf(principal, 'layanan KTP'), body)).toBe(JSON.stringify([principal, 'tangsel', 'layanan KTP', 'Q', body.variables, body.query]));
    expect(inFlightKeyOf(contextOf({ kind: 'anonymous' }), { query: '{ health }' })).toBe(JSON.stringify([{ kind: 'anonymous' }, 'tangsel', null, null, null, '{ health }']));
  });

  it('differs for callers who differ in one scope, in purpose, or in variables', () => {
    const keys = [
      inFlightKeyOf(contextOf(officer(['population:read'])), body),
      inFlightKeyOf(contextOf(officer(['population:read', 'population:write'])), body),
      inFlightKeyOf(contextOf(officer(['population:read']), 'layanan KTP'), body),
      inFlightKeyOf(contextOf(officer(['population:read'])), { ...body, variables: { nik: '3674010101900002' } }),
    ];
    expect(new Set(keys).size).toBe(4);
  });

  it('gives no key to a mutation, or to a body that is not a query', () => {
    expect(inFlightKeyOf(contextOf(officer([])), { query: 'mutation { registerDeath { state } }' })).toBeUndefined();
    expect(inFlightKeyOf(contextOf(officer([])), { query: 'query A { a } mutation B { b }', operationName: 'B' })).toBeUndefined();
    expect(inFlightKeyOf(contextOf(officer([])), { query: 'query A { a } mutation B { b }', operationName: 'A' })).toBeDefined();
    expect(inFlightKeyOf(contextOf(officer([])), 'not an object')).toBeUndefined();
  });

  it('remembers the part of a frozen principal only: one that can still change is written again each time', () => {
    const changing: Principal = { kind: 'user', id: 'petugas-2', roles: ['OFFICER'], scopes: ['population:read'] };
    const before = inFlightKeyOf(contextOf(changing), body);
    changing.scopes!.push('population:write');
    expect(inFlightKeyOf(contextOf(changing), body)).toBe(JSON.stringify([changing, 'tangsel', null, 'Q', body.variables, body.query]));
    expect(inFlightKeyOf(contextOf(changing), body)).not.toBe(before);
  });
});
