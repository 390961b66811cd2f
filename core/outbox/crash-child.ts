/**
 * For outbox.test.ts: a subgraph replica that dies at the worst moment. It starts a dispatcher on
 * the given outbox, whose handler writes to the registry and then prints WROTE and never returns:
 * the test kills this process (SIGKILL) between "the application accepted it" and "marked
 * delivered", and checks that another dispatcher completes the message without a second record.
 * Run as: node --import tsx core/outbox/crash-child.ts '<json>'
 */
import type { LegacyStorage } from '@core/config/shared';
import { OutboxDispatcher } from './dispatcher';
import { openOutboxStore } from './open';
import { registryHandler } from './testing';

interface ChildArgs {
  subgraph: string;
  storage: LegacyStorage;
  app: string;
  registryUrl: string;
  leaseMs: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const store = await openOutboxStore(args.subgraph, args.storage);
  const write = registryHandler(args.app, () => args.registryUrl);
  const dispatcher = new OutboxDispatcher(store, { leaseMs: args.leaseMs, deliveryTimeoutMs: args.leaseMs - 100, pollIntervalMs: 50 });
  dispatcher.register(args.app, 'register', async (message, deadline) => {
    await write(message, deadline);
    process.stdout.write(`WROTE ${message.id}\n`);
    // "Crash" before the outcome is recorded: the parent kills us while we wait here.
    await new Promise(() => setInterval(() => undefined, 1_000));
  });
  dispatcher.start();
  // Keep the process alive (the loop's timers are unref'd, as in a server).
  setInterval(() => undefined, 1_000);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
