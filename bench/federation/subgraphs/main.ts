/**
 * One benchmark subgraph as a process: `node --import tsx bench/federation/subgraphs/main.ts
 * <accounts|inventory|products|reviews>`; it listens on its port from catalogue.ts.
 */
import { subgraphNamed, SUBGRAPH_HOST } from './catalogue';
import { createSubgraphServer } from './server';

const name = process.argv[2] ?? '';
try {
  const { subgraph, port } = subgraphNamed(name);
  const server = createSubgraphServer(subgraph);
  server.listen(port, SUBGRAPH_HOST, () => process.stdout.write(`${name} subgraph on http://${SUBGRAPH_HOST}:${port}/graphql\n`));
  server.on('error', (error) => {
    process.stderr.write(`${name} subgraph: ${error.message}\n`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
