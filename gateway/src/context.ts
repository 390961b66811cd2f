import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';

export interface GatewayContext {
  request: RequestContext;
  /** The request's deadline; every subgraph call is bounded by it and carries what is left of it. */
  deadline: Deadline;
}
