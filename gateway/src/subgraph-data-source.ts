import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { HopSigner } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopCallClaims, hopRefusalHint, signHop } from '@core/context/hop-token';
import { Cancelled, deadlineIn, type Deadline } from '@core/deadline';
import { deadlineExceeded, ErrorCode, GerbangError } from '@core/errors';
import type { Logger } from '@core/log';
import type { GatewayContext } from './context';
import type { Transport } from './subgraph-transport';

/**
 * How the gateway calls a subgraph. Each call carries a hop token signed for that subgraph alone
 * (audience), bound to this exact body, valid for seconds, with the principal, tenant, request ids
 * and the time left of the request's deadline. The call ends when that deadline passes or the
 * caller leaves. Failures become clean errors that never name a host; the details go to the log.
 */
interface SubgraphBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** Calls with no caller behind them (@apollo/gateway's own health checks) get this long. */
const UNATTENDED_MS = 5_000;

export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly url: URL;
  /** Signature refusals already logged, so an operator sees each once, not once per request. */
  private readonly refusalsLogged = new Set<string>();

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly signer: HopSigner,
    private readonly transport: Transport,
    private readonly logger: Logger,
  ) {
    this.url = new URL(url);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as Partial<GatewayContext>;
    const deadline: Deadline = context.deadline ?? deadlineIn(UNATTENDED_MS);
    const requestId = context.request?.requestId;
    if (deadline.signal.aborted) throw this.cancelled(deadline.signal.reason);

    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    const headers: Record<string, string> = {};
    if (context.request) {
      headers[CONTEXT_HEADER] = signHop(hopCallClaims(context.request, { audience: this.subgraph, body, deadlineMs: deadline.remaining() }), this.signer);
    }

    let status: number;
    let text: string;
    try {
      ({ status, body: text } = await this.transport.postJson(this.url, headers, body, deadline.signal));
    } catch (error) {
      if (error instanceof Cancelled) throw this.cancelled(error);
      this.logger.warn('subgraph call failed', { subgraph: this.subgraph, error, requestId });
      throw this.unavailable(error);
    }

    let parsed: SubgraphBody;
    try {
      parsed = JSON.parse(text) as SubgraphBody;
    } catch (error) {
      this.logger.warn('subgraph answered something that is not JSON', { subgraph: this.subgraph, status, requestId });
      throw this.unavailable(error);
    }
    if (status === 401) throw this.refused(parsed, requestId);
    if (this.refusalsLogged.size > 0) this.refusalsLogged.clear();
    if (status >= 500 && !parsed.errors) throw this.unavailable(new Error(`HTTP ${status}`));
    return { data: parsed.data, errors: parsed.errors, extensions: parsed.extensions } as GatewayGraphQLResponse;
  }

  /** The deadline passed (answered as DEADLINE_EXCEEDED) or the caller left (then nobody reads it: it only unwinds the plan). */
  private cancelled(reason: unknown): GerbangError {
    return deadlineExceeded(this.subgraph, reason);
  }

  private unavailable(cause: unknown): GerbangError {
    return new GerbangError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${this.subgraph} service is not available right now; try again later.`, { subgraph: this.subgraph, retryable: true }, { cause });
  }

  /**
   * The subgraph does not accept the gateway's signature: keys or clocks disagree. Retrying cannot
   * help; an operator must act, so it is logged (once per reason) with what to check.
   */
  private refused(body: SubgraphBody, requestId: string | undefined): GerbangError {
    const reason = String(body.errors?.[0]?.extensions?.reason ?? 'UNKNOWN');
    if (!this.refusalsLogged.has(reason)) {
      this.refusalsLogged.add(reason);
      this.logger.error('subgraph refuses the gateway\'s signature', { subgraph: this.subgraph, reason, check: hopRefusalHint(reason), requestId });
    }
    return new GerbangError(ErrorCode.CONFIGURATION_ERROR, 'Gerbang is misconfigured; the operators have been told. Retrying will not help.', { retryable: false });
  }
}
