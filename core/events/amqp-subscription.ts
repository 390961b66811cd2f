import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from '@core/log';
import { retryDelay } from '@core/outbox/backoff';
import { declareExchange, declareSubscriptionQueue, eventFromBody, FLOW_HEADER, openAmqpConnection, queueName, redactedAmqpUrl } from './amqp';
import type { ConsumerSettings } from './consumer';
import { eventHandlerFailures, eventsHandled } from './metrics';
import type { EventStore } from './store';
import type { EventHandler, Subscription } from './types';

/**
 * A subscription on RabbitMQ: the durable queue `gerbang.<flow>.<name>`, prefetch 1 (one event at a
 * time, in queue order), manual ack after the handler. The subscription remembers the ids it
 * handled (EVENT_HANDLED, claimed before the handler runs), so a redelivery (a crash before the
 * ack, the relay publishing again) is acknowledged without handling it twice, and a redelivery to
 * another replica while the first still runs its handler waits for it. A failed handler's message
 * goes back to the head of the queue after a pause. RabbitMQ down: reconnects with backoff.
 */
export class AmqpSubscription implements Subscription {
  private connection: ChannelModel | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly pauses = new Set<() => void>();
  private failures = 0;
  private down = false;

  constructor(
    private readonly url: string,
    private readonly exchange: string,
    private readonly store: EventStore,
    readonly name: string,
    private readonly handler: EventHandler,
    private readonly types: readonly string[],
    private readonly settings: ConsumerSettings,
    private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  get queue(): string {
    return queueName(this.store.flow, this.name);
  }

  start(): void {
    this.running ??= this.run();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const done of this.pauses) done();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.chain, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.settings.closeWaitMs)))]);
    clearTimeout(timer);
    // Unacknowledged messages go back to the queue when the connection closes.
    await this.connection?.close().catch(() => undefined);
    await this.running;
  }

  /** Messages ready in the queue (consumer lag), or undefined while RabbitMQ is not reachable. */
  async lag(): Promise<number | undefined> {
    const connection = this.connection;
    if (!connection) return undefined;
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return (await channel.checkQueue(this.queue)).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.closed) {
      try {
        const connection = await openAmqpConnection(this.url, `gerbang ${this.store.flow} ${this.name}`);
        this.connection = connection;
        const lost = new Promise<void>((resolve) => connection.once('close', () => resolve()));
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        await declareExchange(channel, this.exchange);
        await declareSubscriptionQueue(channel, this.exchange, this.store.flow, this.name, this.types);
        await channel.prefetch(1);
        await channel.consume(this.queue, (message) => {
          this.chain = this.chain.then(() => this.onMessage(connection, channel, message));
        });
        attempt = 0;
        if (this.down) this.log.info('RabbitMQ is back; subscription consuming again', { flow: this.store.flow, subscription: this.name });
        this.down = false;
        if (this.closed) await connection.close().catch(() => undefined);
        await lost;
      } catch (error) {
        if (!this.down && !this.closed) {
          this.log.warn('RabbitMQ cannot be reached; subscription will reconnect', {
            flow: this.store.flow,
            subscription: this.name,
            url: redactedAmqpUrl(this.url),
            reason: error instanceof Error ? error.message : String(error),
          });
        }
        this.down = true;
        await this.connection?.close().catch(() => undefined);
      }
      this.connection = undefined;
      if (this.closed) break;
      attempt += 1;
      this.down = true;
      await this.pause(retryDelay(attempt, this.settings.backoff));
    }
  }

  private async onMessage(connection: ChannelModel, channel: Channel, message: ConsumeMessage | null): Promise<void> {
    if (message === null) {
      // The queue was deleted or the consumer cancelled by the server: start over.
      await connection.close().catch(() => undefined);
      return;
    }
    const ack = () => safely(() => channel.ack(message));
    const requeue = () => safely(() => channel.nack(message, false, true));
    const event = eventFromBody(message.content);
    const flow = message.properties.headers?.[FLOW_HEADER] as unknown;
    if (!event || (flow !== undefined && flow !== this.store.flow) || event.flow !== this.store.flow) {
      // Not an event of this flow (a shared binding): nothing to handle, and it must not block the queue.
      if (!event) this.log.warn('message on an event queue is not an event; dropped', { flow: this.store.flow, subscription: this.name, messageId: message.properties.messageId });
      ack();
      return;
    }
    if (this.closed) return requeue();
    const token = randomUUID();
    try {
      const claim = await this.store.claimHandling(this.name, event.id, token, Date.now() + this.settings.leaseMs);
      if (claim === 'handled') return ack();
      if (claim === 'busy') {
        // Redelivered while the process that had it still runs its handler: wait for it.
        await this.pause(this.settings.pollIntervalMs);
        return requeue();
      }
    } catch (error) {
      this.log.error('subscription could not reach its database; the event will come again', { flow: this.store.flow, subscription: this.name, error });
      await this.pause(retryDelay(++this.failures, this.settings.backoff));
      return requeue();
    }
    const renewal = setInterval(() => void this.store.claimHandling(this.name, event.id, token, Date.now() + this.settings.leaseMs).catch(() => undefined), Math.max(50, Math.floor(this.settings.leaseMs / 3)));
    renewal.unref();
    try {
      await this.handler(event);
      clearInterval(renewal);
      await this.store.markHandled(this.name, event.id, token);
      this.failures = 0;
      eventsHandled.inc({ flow: this.store.flow, subscription: this.name });
      ack();
    } catch (error) {
      clearInterval(renewal);
      this.failures += 1;
      eventHandlerFailures.inc({ flow: this.store.flow, subscription: this.name });
      this.log.warn('event handler failed; the event will be tried again', { flow: this.store.flow, subscription: this.name, id: event.id, attempts: this.failures, error });
      await this.store.releaseHandling(this.name, event.id, token).catch(() => undefined);
      await this.pause(retryDelay(this.failures, this.settings.backoff));
      requeue();
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.pauses.add(done);
    });
  }
}

/** Acknowledging on a channel that closed meanwhile: the message comes again and is skipped as handled. */
function safely(work: () => void): void {
  try {
    work();
  } catch {
    // The channel is gone; RabbitMQ requeues the message itself.
  }
}
