import type { LegacyStorage } from '@core/config/shared';
import type { Logger } from '@core/log';
import { DEFAULT_EXCHANGE } from './amqp';
import { AmqpRelay } from './amqp-relay';
import { AmqpSubscription } from './amqp-subscription';
import { DEFAULT_CONSUMER, LogConsumer, type ConsumerSettings } from './consumer';
import { eventsHandled, eventsPublished, gaugeSources, type GaugeSource } from './metrics';
import { openEventStore } from './open';
import type { EventStore } from './store';
import type { EventFlow, EventHandler, FlowEvent, PublishOutcome, SubscribeOptions, Subscription } from './types';
import { checkEvents, checkFlowName, checkSubscriptionName } from './validate';
import { locationKey, wakeAll } from './wakeups';

/** The relay's cursor: not a valid subscription name (it has a dot), so it never meets one. */
export const RELAY_SUBSCRIPTION = 'relay.amqp';

export interface EventFlowOptions {
  /** Where the flow's database is (as the legacy apps' and the outbox's). */
  storage: LegacyStorage;
  /** RabbitMQ (amqp:// or amqps://); undefined: the embedded flow, in the database only. */
  amqpUrl?: string;
  logger?: Logger;
  consumer?: Partial<ConsumerSettings>;
  /** RabbitMQ exchange (default gerbang.events). */
  exchange?: string;
  /**
   * RabbitMQ: subscriptions whose queues the relay declares as soon as it connects, so that they
   * receive events published before their consumers first run (a queue only gets what is routed
   * after it exists).
   */
  subscriptions?: readonly string[];
  /** RabbitMQ: whether this process relays the log (default true; the lease keeps one relay at a time). */
  relay?: boolean;
}

/**
 * Opens the event flow `name` (e.g. 'services'): its log in the database `events-<name>`, and on
 * RabbitMQ when `amqpUrl` is set. See docs/events.md.
 */
export async function openEventFlow(name: string, options: EventFlowOptions): Promise<EventFlow> {
  checkFlowName(name);
  for (const subscription of options.subscriptions ?? []) checkSubscriptionName(subscription);
  const store = await openEventStore(name, options.storage);
  return new Flow(name, store, options);
}

class Flow implements EventFlow {
  readonly transport: 'embedded' | 'rabbitmq';
  private readonly settings: ConsumerSettings;
  private readonly wakeKey: string;
  private readonly log: Pick<Logger, 'info' | 'warn' | 'error'> | undefined;
  private readonly subscriptions = new Set<{ name: string; close(): Promise<void>; lag?: () => Promise<number | undefined> }>();
  private readonly relay: { consumer: LogConsumer; amqp: AmqpRelay } | undefined;
  private readonly gauges: GaugeSource;
  private closed = false;

  constructor(
    readonly name: string,
    readonly store: EventStore,
    private readonly options: EventFlowOptions,
  ) {
    this.transport = options.amqpUrl ? 'rabbitmq' : 'embedded';
    this.settings = { ...DEFAULT_CONSUMER, ...options.consumer, backoff: { ...DEFAULT_CONSUMER.backoff, ...options.consumer?.backoff } };
    this.wakeKey = locationKey(store.location);
    this.log = options.logger?.child({ flow: name });
    if (options.amqpUrl && options.relay !== false) {
      const amqp = new AmqpRelay(options.amqpUrl, this.exchange, name, options.subscriptions ?? [], this.log ?? silent);
      // From the start of the log: every event recorded is relayed, whenever RabbitMQ is reachable.
      const consumer = new LogConsumer(store, RELAY_SUBSCRIPTION, amqp.handler, this.settings, { fromStart: true, wakeKey: this.wakeKey, logger: this.log });
      this.relay = { consumer, amqp };
      consumer.start();
    }
    this.gauges = {
      pendingRelay: async () => {
        if (!this.relay) return [];
        const lag = await this.store.lag();
        return [{ flow: name, pending: lag.get(RELAY_SUBSCRIPTION) ?? (await this.store.head()) }];
      },
      consumerLag: async () => {
        const lag = this.transport === 'embedded' ? await this.store.lag() : undefined;
        const out: Array<{ flow: string; subscription: string; lag: number }> = [];
        for (const subscription of this.subscriptions) {
          const value = lag ? lag.get(subscription.name) : await subscription.lag?.().catch(() => undefined);
          if (value !== undefined) out.push({ flow: name, subscription: subscription.name, lag: value });
        }
        return out;
      },
    };
    gaugeSources.add(this.gauges);
  }

  private get exchange(): string {
    return this.options.exchange ?? DEFAULT_EXCHANGE;
  }

  async publish(events: readonly FlowEvent[]): Promise<PublishOutcome> {
    if (this.closed) throw new Error(`the event flow ${this.name} is closed`);
    const checked = checkEvents(events);
    const { recorded, duplicates } = await this.store.append(checked);
    if (recorded.length > 0) {
      eventsPublished.inc({ flow: this.name }, recorded.length);
      // Consumers (and the relay) of this database in this process look now, not at their next poll.
      wakeAll(this.wakeKey);
    }
    return { recorded: recorded.length, duplicates };
  }

  subscribe(name: string, handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error(`the event flow ${this.name} is closed`);
    checkSubscriptionName(name);
    let subscription: { name: string; close(): Promise<void>; lag?: () => Promise<number | undefined> };
    if (this.options.amqpUrl) {
      const amqp = new AmqpSubscription(this.options.amqpUrl, this.exchange, this.store, name, handler, options.types ?? ['#'], this.settings, this.log ?? silent);
      amqp.start();
      subscription = { name, close: () => amqp.close(), lag: () => amqp.lag() };
    } else {
      const labels = { flow: this.name, subscription: name };
      const consumer = new LogConsumer(
        this.store,
        name,
        async (events, ack) => {
          // One at a time: each event is acknowledged (the cursor moves) only once it is handled.
          for (const event of events) {
            await handler(event);
            await ack(event);
            eventsHandled.inc(labels);
          }
        },
        this.settings,
        { fromStart: options.fromStart === true, wakeKey: this.wakeKey, logger: this.log },
      );
      consumer.start();
      subscription = { name, close: () => consumer.close() };
    }
    const tracked = {
      name,
      lag: subscription.lag,
      close: async () => {
        this.subscriptions.delete(tracked);
        await subscription.close();
      },
    };
    this.subscriptions.add(tracked);
    return { name, close: tracked.close };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    gaugeSources.delete(this.gauges);
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.relay) {
      await this.relay.consumer.close();
      await this.relay.amqp.close();
    }
    await this.store.close();
  }
}

const silent: Pick<Logger, 'info' | 'warn' | 'error'> = { info: () => undefined, warn: () => undefined, error: () => undefined };
