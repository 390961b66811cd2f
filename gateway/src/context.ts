import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { SingleFetch } from './federation/single-fetch';
import type { Prefetched } from './subgraph-data-source';

export interface GatewayContext {
  request: RequestContext;
  /** The request's deadline; every subgraph call is bounded by it and carries what is left of it. */
  deadline: Deadline;
  /**
   * What the gateway notes about this request on its way through. An object of its own: Apollo
   * runs an operation with a shallow copy of the context, and both must see the same notes.
   */
  notes: RequestNotes;
}

export interface RequestNotes {
  /**
   * A subgraph's answer fetched before Apollo ran (the single-fetch path passed it on: it had
   * errors, or the call failed): the plan's identical fetch takes it instead of calling again.
   */
  prefetched?: Prefetched;
  /** Set by the authorizing executor when it nulls or masks parts of this request's answer. */
  answerRewritten?: boolean;
  /** Set when this request's plan is one fetch whose answer is the operation's answer as it is. */
  singleFetch?: SingleFetch;
}
