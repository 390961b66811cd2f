import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { SingleFetch } from './federation/single-fetch';
import type { SubgraphAnswer } from './subgraph-data-source';

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
   * The query calls this request has made, by subgraph and exact body: an identical fetch later in
   * the same plan, or the plan's fetch after the single-fetch path made the call and handed the
   * request to Apollo, takes the answer instead of calling again. One request's own calls only:
   * nothing here is shared between requests or kept after one.
   */
  calls?: Map<string, Promise<SubgraphAnswer>>;
  /** Set by the authorizing executor when it nulls or masks parts of this request's answer. */
  answerRewritten?: boolean;
  /** Set when this request's plan is one fetch whose answer is the operation's answer as it is. */
  singleFetch?: SingleFetch;
}
