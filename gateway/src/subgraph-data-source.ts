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

/** A subgraph's HTTP answer, as received. */
export interface SubgraphAnswer {
  status: number;
  body: Buffer;
}

/** A call made before Apollo ran, for the same call in the plan to take (see RequestNotes.prefetched). */
export type Prefetched = { subgraph: string; body: string } & ({ answer: SubgraphAnswer } | { error: unknown });

/** Calls with no caller behind them (@apollo/gateway's own health checks) get this long. */
const UNATTENDED_MS = 5_000;

/** The body of a call to a subgraph: built one way, so that a call made early and the plan's own compare equal. */
export function subgraphRequestBody(query: string | undefined, variables: Record<string, unknown> | undefined, operationName: string | undefined): string {
  return JSON.stringify({ query, variables, operationName });
}

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
    const body = subgraphRequestBody(request.query, request.variables, request.operationName);
    const prefetched = context.notes?.prefetched;
    let answer: SubgraphAnswer;
    if (prefetched && prefetched.subgraph === this.subgraph && prefetched.body === body) {
      // Taken once: a second identical fetch in the same plan calls the subgraph itself.
      context.notes!.prefetched = undefined;
      if ('error' in prefetched) throw prefetched.error;
      answer = prefetched.answer;
    } else {
      answer = await this.send(body, context);
    }
    return this.interpret(answer, context.request?.requestId);
  }

  /**
   * One call: `body` signed for this subgraph and posted within the request's deadline. Failures
   * become SUBGRAPH_UNAVAILABLE or DEADLINE_EXCEEDED, never naming a host.
   */
  async send(body: string, context: Partial<GatewayContext>): Promise<SubgraphAnswer> {
    const deadline: Deadline = context.deadline ?? deadlineIn(UNATTENDED_MS);
    if (deadline.cancelled) throw this.cancelled(deadline.cancelled);
    const headers: Record<string, string> = {};
    if (context.request) {
      headers[CONTEXT_HEADER] = signHop(hopCallClaims(context.request, { audience: this.subgraph, body, deadlineMs: deadline.remaining() }), this.signer);
    }
    try {
      return await this.transport.postJson(this.url, headers, body, deadline);
    } catch (error) {
      if (error instanceof Cancelled) throw this.cancelled(error);
      this.logger.warn('subgraph call failed', { subgraph: this.subgraph, error, requestId: context.request?.requestId });
      throw this.unavailable(error);
    }
  }

  private interpret({ status, body }: SubgraphAnswer, requestId: string | undefined): GatewayGraphQLResponse {
    let parsed: SubgraphBody;
    try {
      parsed = JSON.parse(body.toString('utf8')) as SubgraphBody;
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
