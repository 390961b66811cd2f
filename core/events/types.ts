import type { EventStore } from './store';

/** What the event flow carries, in the terms its publishers and consumers use. */

/** An event as a publisher gives it. */
export interface FlowEvent {
  /**
   * Unique and stable for the change it describes (e.g. 'portal-online:1234:status:7'): publishing
   * the same id again records nothing, and consumers use it to make their effects happen once.
   */
  id: string;
  /** What the event is about (e.g. a service request id); events of one key keep their order. */
  key: string;
  /** Dotted lower-case name, e.g. 'service-request.status-changed' (the RabbitMQ routing key). */
  type: string;
  tenant: string;
  /** When the change happened, ISO-8601 with a time zone (stored as given, normalised to UTC). */
  at: string;
  /** JSON: what consumers need, in domain terms (never a legacy payload). */
  payload: unknown;
}

/** An event as a consumer receives it: its place in the flow's log comes with it. */
export interface DeliveredEvent extends FlowEvent {
  /** The flow that published it (e.g. 'services'). */
  flow: string;
  /** Its place in the publishing flow's log: increasing in publish order. */
  sequence: number;
}

/**
 * Handles one event. Resolving acknowledges it; throwing leaves it unacknowledged: it comes again
 * (after a pause), before any later event. May be called again for an event whose effect already
 * happened (a crash between the effect and the acknowledgement): make the effect once by `event.id`.
 */
export type EventHandler = (event: DeliveredEvent) => Promise<void>;

export interface SubscribeOptions {
  /**
   * Only when the subscription is new: start at the beginning of the log instead of after its
   * current end. A subscription that exists resumes where it acknowledged, whatever this says.
   * (On RabbitMQ a new queue receives what is relayed after it is first declared: see
   * `EventFlowOptions.subscriptions` to declare it early.)
   */
  fromStart?: boolean;
  /** RabbitMQ only: routing patterns to bind (event types, `*` and `#` allowed); all types by default. */
  types?: readonly string[];
}

export interface Subscription {
  readonly name: string;
  /** Stops taking events, waits for the handler in progress, and gives the subscription back. */
  close(): Promise<void>;
}

export interface PublishOutcome {
  /** Events newly recorded (in the order given). */
  recorded: number;
  /** Ids that were already in the log (published before): recorded once, not again. */
  duplicates: string[];
}

export interface EventFlow {
  readonly name: string;
  /** The flow's log and cursors: a key's timeline (`eventsOf`), cursors and lag for operators. */
  readonly store: EventStore;
  /** 'embedded' (the subgraph's own database) or 'rabbitmq'. */
  readonly transport: 'embedded' | 'rabbitmq';
  /** Records the events durably, in the order given; resolves once they are committed. */
  publish(events: readonly FlowEvent[]): Promise<PublishOutcome>;
  subscribe(name: string, handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Closes every subscription of this flow, stops the relay, and closes the database. */
  close(): Promise<void>;
}
