import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { HopSigner } from '@core/context/hop-keys';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import type { GatewayContext } from './context';
import { SubgraphDataSource } from './subgraph-data-source';
import { Transport } from './subgraph-transport';

/**
 * A request's identical query fetches are one call: against a real HTTP server that counts what
 * reaches it, and only within one request (never another request's, never a mutation).
 */
describe('SubgraphDataSource: one call per identical query in a request', () => {
  let server: Server;
  let url: string;
  const bodies: string[] = [];
  const transport = new Transport({ maxSockets: 8 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { call: bodies.length, products: [{ upc: '1' }] } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (bodies.length = 0));

  const source = () => new SubgraphDataSource('products', url, HopSigner.development(), transport, createLogger('test', 'silent'));
  const requestContext = (): GatewayContext => ({
    request: { requestId: `r-${Math.random()}`, principal: { kind: 'user', id: 'officer', roles: ['ADMINISTRATOR'], scopes: [] }, tenant: 'tangsel' },
    deadline: deadlineIn(5_000),
    notes: {},
  });
  const fetchOf = (context: GatewayContext, query: string, variables: Record<string, unknown> = {}) =>
    ({ request: { query, variables }, context }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  const entities = 'query Q__products__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{name}}}';

  it('answers a second identical fetch of the same request from the first call, each answer its own object', async () => {
    const products = source();
    const context = requestContext();
    const representations = { representations: [{ __typename: 'Product', upc: '1' }] };
    const [first, second] = await Promise.all([products.process(fetchOf(context, entities, representations)), products.process(fetchOf(context, entities, representations))]);
    expect(bodies).toHaveLength(1);
    expect(first.data).toEqual(second.data);
    expect(first.data).not.toBe(second.data);
  });

  it('calls again for another request, other variables, or a mutation', async () => {
    const products = source();
    const one = requestContext();
    await products.process(fetchOf(one, entities, { representations: [{ __typename: 'Product', upc: '1' }] }));
    await products.process(fetchOf(requestContext(), entities, { representations: [{ __typename: 'Product', upc: '1' }] }));
    await products.process(fetchOf(one, entities, { representations: [{ __typename: 'Product', upc: '2' }] }));
    const write = 'mutation M__products__0{restock(upc:"1")}';
    await products.process(fetchOf(one, write));
    await products.process(fetchOf(one, write));
    expect(bodies).toHaveLength(5);
  });
});
