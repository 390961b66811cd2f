import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { CONTEXT_HEADER, REQUEST_ID_HEADER, signContext } from '@core/context/signed-context';
import { ErrorCode, GerbangError } from '@core/errors';
import type { Logger } from '@core/log';
import type { GatewayContext } from './context';
import { postJson, type SubgraphHttpResponse } from './subgraph-transport';

/**
 * How the gateway calls a subgraph: the signed request context, a deadline, a keep-alive
 * connection pool (subgraph-transport.ts), and a clean SUBGRAPH_UNAVAILABLE error, never a message
 * naming the subgraph's host, when the call fails. The details go to the log with the request id.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher: pooledFetcher(timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('request' in context) || !context.request) return; // health probes and the like carry no caller
    context.signedContext ??= signContext(context.request, this.secret);
    request.http?.headers.set(CONTEXT_HEADER, context.signedContext);
    request.http?.headers.set(REQUEST_ID_HEADER, context.request.requestId);
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }, context?: GatewayContext): void {
    this.logger.warn('subgraph call failed', { subgraph: this.subgraph, status: response?.status, error, requestId: context?.request?.requestId });
    throw new GerbangError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${this.subgraph} service is not available right now; try again later.`, { subgraph: this.subgraph, retryable: true }, { cause: error });
  }
}

/** Apollo's Fetcher contract over the pooled node:http transport. */
function pooledFetcher(timeoutMs: number): Fetcher {
  return async (url, init) => {
    const body = typeof init?.body === 'string' ? init.body : (init?.body?.toString('utf8') ?? '');
    return new PooledResponse(url, await postJson(new URL(url), init?.headers ?? {}, body, timeoutMs));
  };
}

class PooledResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;
  readonly headers: Headers;

  constructor(
    readonly url: string,
    private readonly raw: SubgraphHttpResponse,
  ) {
    this.headers = new Headers();
    for (const [name, value] of Object.entries(raw.headers)) if (value !== undefined) this.headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }

  get status(): number {
    return this.raw.status;
  }

  get ok(): boolean {
    return this.raw.status >= 200 && this.raw.status < 300;
  }

  get statusText(): string {
    return String(this.raw.status);
  }

  async text(): Promise<string> {
    return this.raw.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.raw.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = Buffer.from(this.raw.body, 'utf8');
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new PooledResponse(this.url, this.raw);
  }
}
