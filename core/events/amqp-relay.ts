import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from '@core/log';
import { declareExchange, declareSubscriptionQueue, eventBody, FLOW_HEADER, openAmqpConnection, redactedAmqpUrl, SEQUENCE_HEADER } from './amqp';
import type { BatchHandler } from './consumer';
import { eventsRelayed } from './metrics';

/** The longest wait for RabbitMQ's confirms of one batch before the connection is given up. */
const CONFIRM_TIMEOUT_MS = 15_000;

/**
 * Publishes log events to RabbitMQ for the relay consumer (a LogConsumer under the subscription
 * name 'relay.amqp', so only one replica relays at a time and in log order). A batch is published
 * persistent on a confirm channel; the relay's cursor moves only after RabbitMQ confirmed it. A
 * crash between the confirm and the cursor publishes those events again: consumers skip ids they
 * handled (message_id is the event id).
 */
export class AmqpRelay {
  private connection: ChannelModel | undefined;
  private channel: Promise<ConfirmChannel> | undefined;
  private down = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly exchange: string,
    private readonly flow: string,
    /** Subscriptions whose queues are declared on connecting, so they get events relayed before their consumers first run. */
    private readonly declare: readonly string[],
    private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  readonly handler: BatchHandler = async (events, ack) => {
    let channel: ConfirmChannel;
    try {
      channel = await this.ensureChannel();
    } catch (error) {
      this.wentDown(error);
      throw error;
    }
    try {
      for (const event of events) {
        channel.publish(this.exchange, event.type, eventBody(event), {
          persistent: true,
          messageId: event.id,
          type: event.type,
          contentType: 'application/json',
          timestamp: Math.floor(Date.parse(event.at) / 1000),
          appId: 'gerbang',
          headers: { [FLOW_HEADER]: event.flow, [SEQUENCE_HEADER]: event.sequence },
        });
      }
      await withTimeout(channel.waitForConfirms(), CONFIRM_TIMEOUT_MS);
    } catch (error) {
      this.wentDown(error);
      await this.reset();
      throw error;
    }
    if (this.down) {
      this.down = false;
      this.log.info('RabbitMQ is back; relaying events', { flow: this.flow });
    }
    eventsRelayed.inc({ flow: this.flow }, events.length);
    await ack(events[events.length - 1]!);
  };

  async close(): Promise<void> {
    this.closed = true;
    await this.reset();
  }

  private ensureChannel(): Promise<ConfirmChannel> {
    if (this.closed) return Promise.reject(new Error('the relay is closed'));
    this.channel ??= (async () => {
      const connection = await openAmqpConnection(this.url, `gerbang ${this.flow} relay`);
      this.connection = connection;
      connection.once('close', () => {
        if (this.connection === connection) {
          this.connection = undefined;
          this.channel = undefined;
        }
      });
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.once('close', () => {
        if (this.connection === connection) void this.reset();
      });
      await declareExchange(channel, this.exchange);
      for (const subscription of this.declare) await declareSubscriptionQueue(channel, this.exchange, this.flow, subscription);
      return channel;
    })().catch(async (error: unknown) => {
      await this.reset();
      throw error;
    });
    return this.channel;
  }

  private wentDown(error: unknown): void {
    if (this.down) return;
    this.down = true;
    // Said once per outage: events wait in the log meanwhile, and nothing is lost.
    this.log.warn('RabbitMQ cannot be reached; events wait in the log and are relayed when it is back', {
      flow: this.flow,
      url: redactedAmqpUrl(this.url),
      reason: error instanceof Error ? error.message : String(error),
    });
  }

  private async reset(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    await connection?.close().catch(() => undefined);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`RabbitMQ did not confirm within ${ms} ms`)), ms);
    }),
  ]);
}
