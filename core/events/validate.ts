import { badUserInput } from '@core/errors';
import type { FlowEvent } from './types';

/**
 * Checks what a publisher gives before anything is recorded: a bad event is a bug of the publisher,
 * refused whole (BAD_USER_INPUT with a stable reason) rather than half-recorded.
 */
const ID = /^[A-Za-z0-9._:@/-]{1,200}$/;
const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const TENANT = /^[a-z][a-z0-9-]{0,39}$/;
/** Subscription names become RabbitMQ queue names and database keys. */
const SUBSCRIPTION = /^[a-z][a-z0-9-]{0,60}$/;
/** ISO-8601 with a time zone: a local time without one would be read differently on each host. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_PAYLOAD_CHARS = 1_000_000;
export const MAX_BATCH = 1_000;

export interface CheckedEvent extends FlowEvent {
  /** The payload as stored. */
  json: string;
}

function refuse(index: number, reason: string, message: string): never {
  throw badUserInput(`events[${index}]`, reason, message);
}

export function checkEvents(events: readonly FlowEvent[]): CheckedEvent[] {
  if (!Array.isArray(events)) throw badUserInput('events', 'INVALID_EVENTS', 'Events must be given as a list.');
  if (events.length > MAX_BATCH) throw badUserInput('events', 'TOO_MANY_EVENTS', `At most ${MAX_BATCH} events can be published at once.`);
  return events.map((event, i) => {
    if (typeof event !== 'object' || event === null) refuse(i, 'INVALID_EVENT', 'An event must be an object.');
    if (typeof event.id !== 'string' || !ID.test(event.id)) refuse(i, 'INVALID_EVENT_ID', 'An event id must be 1–200 of A-Z a-z 0-9 . _ : @ / -.');
    if (typeof event.key !== 'string' || event.key.length < 1 || event.key.length > 200) refuse(i, 'INVALID_EVENT_KEY', 'An event key must be 1–200 characters.');
    if (typeof event.type !== 'string' || event.type.length > 100 || !TYPE.test(event.type)) refuse(i, 'INVALID_EVENT_TYPE', 'An event type must be dotted lower-case words, e.g. service-request.status-changed.');
    if (typeof event.tenant !== 'string' || !TENANT.test(event.tenant)) refuse(i, 'INVALID_TENANT', 'An event tenant must be a tenant id.');
    const at = typeof event.at === 'string' && ISO_INSTANT.test(event.at) ? new Date(event.at) : undefined;
    if (!at || Number.isNaN(at.getTime())) refuse(i, 'INVALID_EVENT_TIME', 'An event time must be ISO-8601 with a time zone, e.g. 2026-11-30T08:00:00.000Z.');
    let json: string | undefined;
    try {
      json = JSON.stringify(event.payload === undefined ? null : event.payload);
    } catch {
      json = undefined;
    }
    if (json === undefined) refuse(i, 'INVALID_EVENT_PAYLOAD', 'An event payload must be JSON.');
    if (json.length > MAX_PAYLOAD_CHARS) refuse(i, 'EVENT_PAYLOAD_TOO_LARGE', 'An event payload must be at most 1,000,000 characters of JSON.');
    return { id: event.id, key: event.key, type: event.type, tenant: event.tenant, at: at.toISOString(), payload: JSON.parse(json) as unknown, json };
  });
}

export function checkSubscriptionName(name: string): void {
  if (typeof name !== 'string' || !SUBSCRIPTION.test(name)) {
    throw badUserInput('subscription', 'INVALID_SUBSCRIPTION_NAME', 'A subscription name must be lower-case letters, digits and -, starting with a letter, at most 61 characters.');
  }
}

/** Flow names become database names (events-<flow>) and message headers. */
export function checkFlowName(name: string): void {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,22}$/.test(name)) {
    throw badUserInput('flow', 'INVALID_FLOW_NAME', 'A flow name must be lower-case letters, digits and -, starting with a letter, at most 23 characters.');
  }
}
