import { ConfigError } from '@core/config/load';
import { loadGatewayConfig } from './config';
import { subgraphUrlsOf } from './subgraph-map';

describe('gateway configuration', () => {
  const DEV = { GERBANG_DEV_MODE: '1' };

  it('has working defaults: the committed supergraph, tangsel, port 4000, a 10 s deadline, metrics on loopback', () => {
    const config = loadGatewayConfig(DEV);
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', admin: { port: 9400, host: '127.0.0.1' }, defaultTenant: 'tangsel', subgraphUrls: {}, deadlineMs: 10_000 });
    expect(config.tenants.get('tangsel')?.timeZone).toBe('Asia/Jakarta');
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
  });

  it('answers introspection and suggests field names only in development mode, unless told otherwise', () => {
    expect(loadGatewayConfig(DEV)).toMatchObject({ introspection: true, limits: { fieldSuggestions: true } });
    expect(loadGatewayConfig({ ...DEV, GATEWAY_INTROSPECTION: 'off' }).introspection).toBe(false);
  });

  it('reads SUBGRAPH_<NAME>_URL overrides and a supergraph path', () => {
    const config = loadGatewayConfig({ ...DEV, SUBGRAPH_POPULATION_URL: 'http://10.1.2.3:4001/graphql', SUBGRAPH_CIVIL_REGISTRY_URL: 'http://cr:4002/graphql', GERBANG_SUPERGRAPH_PATH: '/tmp/other.graphql' });
    expect(config.subgraphUrls).toEqual({ population: 'http://10.1.2.3:4001/graphql', 'civil-registry': 'http://cr:4002/graphql' });
    expect(config.supergraphPath).toBe('/tmp/other.graphql');
  });

  it('reports an invalid value by its variable name', () => {
    let error: unknown;
    try {
      loadGatewayConfig({ GATEWAY_PORT: 'eighty', SUBGRAPH_POPULATION_URL: 'population:4001', NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/GATEWAY_PORT/);
  });

  it('trusts no built-in key unless development mode is chosen, and says how to make keys', () => {
    expect(() => loadGatewayConfig({})).toThrow(/GERBANG_HOP_PRIVATE_KEY_FILE: not set.*npm run keys -- new/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', GERBANG_DEV_MODE: '1' })).toThrow(/GERBANG_DEV_MODE: cannot be set together with NODE_ENV=production/);
    expect(loadGatewayConfig(DEV).signer.development).toBe(true);
  });

  it('reads per-operation deadlines and refuses malformed ones', () => {
    expect(loadGatewayConfig({ ...DEV, GATEWAY_OPERATION_DEADLINES: 'SearchResidents=20000, KioskPrint=5000' }).operationDeadlinesMs).toEqual({ SearchResidents: 20_000, KioskPrint: 5_000 });
    expect(() => loadGatewayConfig({ ...DEV, GATEWAY_OPERATION_DEADLINES: 'Search:20' })).toThrow(/GATEWAY_OPERATION_DEADLINES: "Search:20"/);
    expect(() => loadGatewayConfig({ ...DEV, GATEWAY_OPERATION_DEADLINES: 'Huge=999999' })).toThrow(/100 to 120000/);
  });

  it('refuses a default tenant without a tenant file', () => {
    expect(() => loadGatewayConfig({ ...DEV, GERBANG_DEFAULT_TENANT: 'bogor' })).toThrow(/no tenant "bogor".*have: batang, tangsel/);
  });
});

describe('subgraph URLs from the supergraph', () => {
  const sdl = `enum join__Graph {
  POPULATION @join__graph(name: "population", url: "http://127.0.0.1:4001/graphql")
  CIVIL_REGISTRY @join__graph(name: "civil-registry", url: "http://127.0.0.1:4002/graphql")
}`;

  it('uses the routing URLs, with overrides applied', () => {
    expect([...subgraphUrlsOf(sdl, { population: 'http://p:1/graphql' })]).toEqual([
      ['population', 'http://p:1/graphql'],
      ['civil-registry', 'http://127.0.0.1:4002/graphql'],
    ]);
  });

  it('refuses an override for a subgraph the supergraph does not have (a typo would be silent)', () => {
    expect(() => subgraphUrlsOf(sdl, { popluation: 'http://p:1/graphql' })).toThrow(/popluation/);
  });
});
