import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { BenchSubgraph } from './definition';

/**
 * Runs GraphQL requests against one benchmark subgraph, as cheaply as graphql-js allows, so that
 * the subgraphs (four Node processes sharing one core with the load generator) are never what
 * limits a gateway's throughput:
 * - each distinct query text is parsed and validated once (gateways send the same few plans);
 * - each distinct request body is executed once and its serialised answer reused: the data is
 *   static and the resolvers pure, so the same body always has the same answer (the benchmark's
 *   Rust subgraphs are fast for the same reason: nothing to look up). Both memos are bounded.
 */
const MAX_MEMO_ENTRIES = 10_000;

interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A request the subgraph refuses before executing it (HTTP 400). */
export class BadRequest extends Error {}

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MAX_MEMO_ENTRIES) memo.clear();
  memo.set(key, value);
  return value;
}

export class SubgraphExecutor {
  private readonly schema: GraphQLSchema;
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  private readonly answers = new Map<string, string>();

  constructor(subgraph: BenchSubgraph) {
    this.schema = buildSubgraphSchema({ typeDefs: parse(subgraph.typeDefs), resolvers: subgraph.resolvers });
  }

  /** The JSON answer to a raw request body. */
  async answer(rawBody: string): Promise<string> {
    const known = this.answers.get(rawBody);
    if (known !== undefined) return known;
    let body: GraphQLRequestBody;
    try {
      body = JSON.parse(rawBody) as GraphQLRequestBody;
    } catch {
      throw new BadRequest('the body is not JSON');
    }
    if (typeof body.query !== 'string') throw new BadRequest('no query in the body');
    const document = this.documentOf(body.query);
    if (!('kind' in document)) return JSON.stringify({ errors: document.map((e) => e.toJSON()) });
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    });
    const text = JSON.stringify(result);
    // Answers with errors are not kept: an error is worth seeing every time it happens.
    return result.errors ? text : remember(this.answers, rawBody, text);
  }

  private documentOf(query: string): DocumentNode | readonly GraphQLError[] {
    const known = this.documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    const errors = validate(this.schema, document);
    return remember(this.documents, query, errors.length > 0 ? errors : document);
  }
}
