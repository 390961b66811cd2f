/**
 * Stock @apollo/gateway in Apollo Server's standalone server, every setting at its default, as
 * the public benchmark runs it (one process: its cluster fork count is the cores minus one, and
 * the bench gives each gateway one core).
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { gatewayArgs } from './args';

async function main(): Promise<void> {
  const { port, host, supergraphPath } = gatewayArgs(process.argv.slice(2));
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  process.stdout.write(`stock @apollo/gateway at ${url}\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`stock gateway failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
