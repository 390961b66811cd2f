import { ConfigError } from '@core/config/load';
import { loadGatewayConfig } from './config';
import { subgraphUrlsOf } from './subgraph-map';

describe('gateway configuration', () => {
  it('has working defaults: the committed supergraph, tangsel, port 4000', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', defaultTenant: 'tangsel', subgraphUrls: {} });
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
  });

  it('reads SUBGRAPH_<NAME>_URL overrides and a supergraph path', () => {
    const config = loadGatewayConfig({ SUBGRAPH_POPULATION_URL: 'http://10.1.2.3:4001/graphql', SUBGRAPH_CIVIL_REGISTRY_URL: 'http://cr:4002/graphql', GERBANG_SUPERGRAPH_PATH: '/tmp/other.graphql' });
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

  it('requires a strong context secret in production', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/GERBANG_CONTEXT_SECRET: required/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', GERBANG_CONTEXT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadGatewayConfig({ NODE_ENV: 'production', GERBANG_CONTEXT_SECRET: 's'.repeat(32) }).contextSecret).toBe('s'.repeat(32));
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
