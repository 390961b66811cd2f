/**
 * For the event flow's tests: a consumer in a process of its own, as a replica of a subgraph would
 * run one. It subscribes and prints, for each event it handles, `START <id> <ms>` and
 * `END <id> <ms>` (wall-clock milliseconds, comparable across processes). Given `hangOn`, it prints
 * START for that event and then never finishes: the test kills it (SIGKILL) mid-handler.
 * Run as: node --import tsx core/events/consumer-child.ts '<json>'
 */
import type { LegacyStorage } from '@core/config/shared';
import { openEventFlow } from './flow';

interface ChildArgs {
  flow: string;
  storage: LegacyStorage;
  subscription: string;
  amqpUrl?: string;
  exchange?: string;
  leaseMs: number;
  pollMs: number;
  /** How long each event's handler takes, ms. */
  handleMs: number;
  hangOn?: string;
  fromStart?: boolean;
}

const now = () => (performance.timeOrigin + performance.now()).toFixed(3);

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const flow = await openEventFlow(args.flow, {
    storage: args.storage,
    amqpUrl: args.amqpUrl,
    exchange: args.exchange,
    relay: false,
    consumer: { leaseMs: args.leaseMs, pollIntervalMs: args.pollMs, backoff: { initialMs: 50, maxMs: 200 } },
  });
  flow.subscribe(
    args.subscription,
    async (event) => {
      process.stdout.write(`START ${event.id} ${now()}\n`);
      if (event.id === args.hangOn) await new Promise(() => setInterval(() => undefined, 1_000));
      await new Promise((resolve) => setTimeout(resolve, args.handleMs));
      process.stdout.write(`END ${event.id} ${now()}\n`);
    },
    { fromStart: args.fromStart },
  );
  process.stdout.write('READY\n');
  // Keep the process alive (the consumer's timers are unref'd, as in a server).
  setInterval(() => undefined, 1_000);
  process.on('SIGTERM', () => void flow.close().then(() => process.exit(0)));
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
