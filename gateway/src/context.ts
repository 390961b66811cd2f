import type { RequestContext } from '@core/context/request-context';

export interface GatewayContext {
  request: RequestContext;
  /** The signed context header, computed once per request and reused for every subgraph call. */
  signedContext?: string;
}
