import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';
import { PersistedOperationRefused, PersistedOperations, operationId } from './persisted-operations';
import { buildManifest, MANIFEST_PATH, manifestText } from './persisted-operations-build';

describe('persisted operations', () => {
  const body = 'query KioskResident($nik: String!) {\n  resident(nik: $nik) {\n    name\n  }\n}';
  const registry = PersistedOperations.fromManifest({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: operationId(body), name: 'KioskResident', type: 'query', body }] });

  it('keeps the committed manifest in step with gateway/operations/*.graphql and the supergraph', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestText(buildManifest(readFileSync(SUPERGRAPH_PATH, 'utf8'))));
  });

  it('puts the registered text in place of an id, and passes other requests through', () => {
    const resolved = registry.resolve({ operationName: 'KioskResident', variables: { nik: '1' }, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(body) }, trace: true } });
    expect(resolved.operation?.name).toBe('KioskResident');
    expect(resolved.body).toEqual({ operationName: 'KioskResident', variables: { nik: '1' }, query: body, extensions: { trace: true } });
    const plain = { query: '{ __typename }' };
    expect(registry.resolve(plain)).toEqual({ body: plain, operation: undefined });
  });

  it('refuses unknown ids, text that is not the registered text, and malformed extensions', () => {
    const reasonOf = (request: unknown) => {
      try {
        registry.resolve(request);
        return 'accepted';
      } catch (error) {
        return (error as PersistedOperationRefused).reason;
      }
    };
    expect(reasonOf({ extensions: { persistedQuery: { version: 1, sha256Hash: operationId('{ x }') } } })).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(reasonOf({ query: '{ residents { x } }', extensions: { persistedQuery: { version: 1, sha256Hash: operationId(body) } } })).toBe('PERSISTED_QUERY_MISMATCH');
    expect(reasonOf({ extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } })).toBe('BAD_PERSISTED_QUERY');
  });

  it('refuses a manifest whose ids are not the hashes of their text', () => {
    expect(() => PersistedOperations.fromManifest({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: operationId('{ a }'), name: 'X', type: 'query', body }] })).toThrow(/not the SHA-256/);
  });
});
