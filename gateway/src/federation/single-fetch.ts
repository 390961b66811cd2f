import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { Kind, getVariableValues, parse, print, type GraphQLSchema, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';
import { Counter } from 'prom-client';
import type { RequestScope, Shortcut } from '@core/http/graphql-server';
import type { SharedAnswer } from '@core/http/in-flight';
import { metricsRegistry } from '@core/metrics';
import type { GatewayContext } from '../context';
import { subgraphRequestBody, type SubgraphAnswer, type SubgraphDataSource } from '../subgraph-data-source';

/**
 * The single-fetch path: most of Gerbang's traffic is an operation that one subgraph answers
 * whole (a resident, a search, a worklist page). For those, once Apollo has answered an operation
 * for callers with the same access facts, the gateway answers it again without Apollo Server's
 * pipeline, @apollo/gateway's executor and result shaping: it checks the variables as
 * @apollo/gateway does, sends the subgraph exactly the call the plan makes, and writes the
 * subgraph's answer as it came (it is byte for byte the answer Apollo would write).
 *
 * Taken only when nothing can differ:
 *   - the plan (@apollo/gateway's, the planner stays the planner) is one query fetch with no
 *     entity representations, rewrites or deferred parts, and its selection is the operation's
 *     own, printed alike: the subgraph's data needs no shaping (no added __typename or keys, no
 *     inlined fragments, no renamed aliases);
 *   - the access rules took nothing out and mask nothing for callers with these facts (roles,
 *     scopes, purpose stated): known per operation and facts, and part of the key, so a caller
 *     with other facts never takes an entry learnt from another;
 *   - the subgraph's answer is data alone: an error, a failure or anything unexpected is handed
 *     to Apollo with the call already made (RequestNotes.prefetched), so the subgraph is still
 *     called once and the answer is what Apollo gives.
 * Nothing is cached but that decision: every request makes its own signed call for its own
 * caller, so an answer is never shared between callers nor stale.
 */
const answersTotal = new Counter({
  name: 'gerbang_gateway_single_fetch_answers_total',
  help: 'Operations answered on the single-fetch path (one subgraph call, its answer passed on as it came), without Apollo\'s pipeline.',
  registers: [metricsRegistry],
});

/** @apollo/gateway's plan, as its callback gives it (the planner's package is its dependency, not ours). */
type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];

/** What a plan of one fetch sends, and how the request's variables are checked first. */
export interface SingleFetch {
  subgraph: string;
  /** The planner's text for the fetch, sent as the plan sends it. */
  operation: string;
  operationName: string | undefined;
  variableUsages: readonly string[];
  /** The client operation's variable definitions, checked against the API schema as @apollo/gateway checks them. */
  variableDefinitions: readonly VariableDefinitionNode[];
  schema: GraphQLSchema;
}

interface Learnt {
  fetch: SingleFetch;
  /** Apollo's headers for the answer (its content type). */
  headers: Array<[string, string]>;
}

/**
 * Operations longer than this are not learnt (they take Apollo's path): the key holds the text, and
 * a caller sending thousands of long, distinct operations must not make the gateway hold them all.
 * Real clients' operations are a few hundred characters to a few kilobytes.
 */
const MAX_LEARNT_QUERY_CHARS = 16_384;

/** A request body as Apollo takes it over POST, with nothing this path would have to interpret. */
interface PlainBody {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const PLAIN_KEYS = new Set(['query', 'operationName', 'variables']);

function plainBody(body: unknown): PlainBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  // Anything beside these (extensions, a persisted operation's hash, a key of a newer protocol) is Apollo's.
  for (const key in body) if (!PLAIN_KEYS.has(key)) return undefined;
  const { query, operationName, variables } = body as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return body as PlainBody;
}

const DATA_OPENING = Buffer.from('{"data":{');
const ERRORS_KEY = Buffer.from('"errors":');
const EXTENSIONS_KEY = Buffer.from('"extensions":');

/**
 * True when a GraphQL answer is `{"data":{...}}` and nothing else (no errors, no extensions), told
 * from its bytes without decoding or parsing them (a page of residents is kilobytes, on every
 * request): a quote inside a JSON string is escaped, so `"errors":` or `"extensions":` unescaped can
 * only be a key; and in UTF-8 the byte of a quote is never part of another character. One in the
 * data (a field or alias so named) sends the request to Apollo, which is safe. The answer is the
 * subgraph's own Apollo Server's, complete (the transport reads to its end).
 */
export function isDataAlone(answer: Buffer): boolean {
  if (answer.length < DATA_OPENING.length + 2 || answer.compare(DATA_OPENING, 0, DATA_OPENING.length, 0, DATA_OPENING.length) !== 0) return false;
  return /\}\s*$/.test(answer.toString('latin1', answer.length - 4)) && !answer.includes(ERRORS_KEY) && !answer.includes(EXTENSIONS_KEY);
}

/** The plan's one fetch, when it answers the operation as it is (see above); undefined otherwise. */
export function singleFetchOf(queryPlan: QueryPlan, operation: OperationDefinitionNode, schema: GraphQLSchema): SingleFetch | undefined {
  const node = queryPlan.node;
  if (!node || node.kind !== 'Fetch' || node.operationKind !== 'query' || operation.operation !== 'query') return undefined;
  if (node.requires || node.hasDefers || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return undefined;
  // The planner keeps the fetch as text (its document node only with some options): read once per plan.
  const fetched = (node.operationDocumentNode ?? parse(node.operation)).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!fetched || print(fetched.selectionSet) !== print(operation.selectionSet)) return undefined;
  return {
    subgraph: node.serviceName,
    operation: node.operation,
    operationName: node.operationName,
    variableUsages: node.variableUsages ?? [],
    variableDefinitions: operation.variableDefinitions ?? [],
    schema,
  };
}

export class SingleFetchPath implements Shortcut<GatewayContext> {
  private readonly learnt = new Map<string, Learnt>();
  /** Per plan (@apollo/gateway keeps one per operation): its one fetch, or null when it is not one. */
  private readonly plans = new WeakMap<QueryPlan, SingleFetch | null>();

  constructor(
    private readonly subgraphs: ReadonlyMap<string, SubgraphDataSource>,
    /** The access facts of a caller (authorization/enforce.ts callerFacts): part of every key. */
    private readonly factsKeyOf: (context: GatewayContext) => string,
    private readonly maxOperations = 2_000,
  ) {}

  /** For @apollo/gateway's experimental_didResolveQueryPlan: notes a plan of one fetch on the request's context. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, operationContext, requestContext }) => {
    let fetch = this.plans.get(queryPlan);
    if (fetch === undefined) {
      fetch = singleFetchOf(queryPlan, operationContext.operation, operationContext.schema) ?? null;
      this.plans.set(queryPlan, fetch);
    }
    const notes = (requestContext.context as Partial<GatewayContext>).notes;
    if (fetch && notes) notes.singleFetch = fetch;
  };

  async answer(body: unknown, context: GatewayContext, scope: RequestScope): Promise<SharedAnswer | undefined> {
    const plain = plainBody(body);
    const known = plain && this.learnt.get(this.keyOf(plain, context, scope));
    if (!plain || !known) return undefined;
    const { fetch } = known;
    const given = plain.variables ?? {};
    // Variables that do not fit are Apollo's to refuse, with its own error.
    if (getVariableValues(fetch.schema, fetch.variableDefinitions, given).errors) return undefined;
    // The variables the fetch uses, picked as @apollo/gateway picks them (executeQueryPlan.ts).
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages) {
      if (Object.hasOwn(given, name) && given[name] !== undefined) variables[name] = given[name];
    }
    const call = subgraphRequestBody(fetch.operation, variables, fetch.operationName);
    let answer: SubgraphAnswer;
    try {
      answer = await this.subgraphs.get(fetch.subgraph)!.send(call, context);
    } catch (error) {
      context.notes.prefetched = { subgraph: fetch.subgraph, body: call, error };
      return undefined;
    }
    if (answer.status !== 200 || !isDataAlone(answer.body)) {
      context.notes.prefetched = { subgraph: fetch.subgraph, body: call, answer };
      return undefined;
    }
    answersTotal.inc();
    return { status: 200, headers: known.headers, body: answer.body };
  }

  learn(body: unknown, context: GatewayContext, answer: SharedAnswer, scope: RequestScope): void {
    const fetch = context.notes.singleFetch;
    if (!fetch || context.notes.answerRewritten || answer.status !== 200) return;
    const plain = plainBody(body);
    if (!plain || plain.query.length > MAX_LEARNT_QUERY_CHARS || !isDataAlone(answer.body)) return;
    const key = this.keyOf(plain, context, scope);
    if (this.learnt.has(key)) return;
    if (this.learnt.size >= this.maxOperations) this.learnt.delete(this.learnt.keys().next().value!);
    this.learnt.set(key, { fetch, headers: answer.headers.filter(([name]: [string, string]) => name.toLowerCase() !== 'content-length') });
  }

  /** The supergraph changed: plans and what was learnt of them no longer hold. */
  clear(): void {
    this.learnt.clear();
  }

  /** Apollo's answer depends on the caller's facts, the operation and, for its content type, the Accept header. */
  private keyOf(body: PlainBody, context: GatewayContext, scope: RequestScope): string {
    return `${this.factsKeyOf(context)}\u0000${scope.accept ?? ''}\u0000${body.operationName ?? ''}\u0000${body.query}`;
  }
}
