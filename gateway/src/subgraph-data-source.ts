import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { CONTEXT_HEADER, REQUEST_ID_HEADER, signContext } from '@core/context/signed-context';
import { ErrorCode, GerbangError } from '@core/errors';
import type { Logger } from '@core/log';
import type { GatewayContext } from './context';

/**
 * How the gateway calls a subgraph: Node's fetch (keep-alive connection pool), a deadline, the
 * signed request context, and a clean SUBGRAPH_UNAVAILABLE error instead of a message naming the
 * subgraph's host when the call fails.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher: timedFetch(subgraph, timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('request' in context) || !context.request) return; // health probes and the like carry no caller
    context.signedContext ??= signContext(context.request, this.secret);
    request.http?.headers.set(CONTEXT_HEADER, context.signedContext);
    request.http?.headers.set(REQUEST_ID_HEADER, context.request.requestId);
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }, context?: GatewayContext): void {
    // Logged with the details (status, cause) that must not reach the client.
    this.logger.warn('subgraph call failed', { subgraph: this.subgraph, status: response?.status, error, requestId: context?.request?.requestId });
    if (error instanceof GerbangError) throw error;
    throw new GerbangError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${this.subgraph} service is not available right now; try again later.`, { subgraph: this.subgraph, retryable: true }, { cause: error });
  }
}

function timedFetch(subgraph: string, timeoutMs: number): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new GerbangError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${subgraph} service is not available right now; try again later.`, { subgraph, retryable: true }, { cause: error });
    }
  }) as unknown as Fetcher;
}
