import { connect, type Channel, type ChannelModel } from 'amqplib';
import type { DeliveredEvent } from './types';

/**
 * What the RabbitMQ side of the flow agrees on: the exchange, queue names, message shape.
 * Events go to one durable topic exchange (routing key = event type); each subscription is a
 * durable queue `gerbang.<flow>.<subscription>` bound to it, with a single active consumer so that
 * replicas consuming it take turns and order is kept.
 */
export const DEFAULT_EXCHANGE = 'gerbang.events';
export const FLOW_HEADER = 'x-gerbang-flow';
export const SEQUENCE_HEADER = 'x-gerbang-sequence';

/** The URL without its password, for logs and test titles. */
export function redactedAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid AMQP URL';
  }
}

export async function openAmqpConnection(url: string, name: string): Promise<ChannelModel> {
  const connection = await connect(url, { timeout: 5_000, clientProperties: { connection_name: name } });
  // An 'error' without a listener would crash the process; 'close' follows it and is what we act on.
  connection.on('error', () => undefined);
  return connection;
}

export function queueName(flow: string, subscription: string): string {
  return `gerbang.${flow}.${subscription}`;
}

export async function declareExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

/** Declares a subscription's durable queue and binds it (always with the same arguments). */
export async function declareSubscriptionQueue(channel: Channel, exchange: string, flow: string, subscription: string, types: readonly string[] = ['#']): Promise<string> {
  const queue = queueName(flow, subscription);
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-single-active-consumer': true } });
  for (const pattern of types) await channel.bindQueue(queue, exchange, pattern);
  return queue;
}

/** The message body: the event as delivered, JSON. */
export function eventBody(event: DeliveredEvent): Buffer {
  return Buffer.from(
    JSON.stringify({ flow: event.flow, sequence: event.sequence, id: event.id, key: event.key, type: event.type, tenant: event.tenant, at: event.at, payload: event.payload }),
  );
}

/** The event in a message, or undefined when the body is not one of ours. */
export function eventFromBody(content: Buffer): DeliveredEvent | undefined {
  try {
    const body = JSON.parse(content.toString('utf8')) as Partial<DeliveredEvent>;
    const strings = [body.flow, body.id, body.key, body.type, body.tenant, body.at];
    if (strings.some((s) => typeof s !== 'string') || typeof body.sequence !== 'number') return undefined;
    return body as DeliveredEvent;
  } catch {
    return undefined;
  }
}
