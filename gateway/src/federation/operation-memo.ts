import { createRequire } from 'node:module';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type * as Operations from '@apollo/federation-internals/dist/operations';

// The module that defines it, not the package index: the index re-exports it through a getter that
// reads this module's export at each call, which is what lets the memo below take its place. Loaded
// with require so that the bundled gateway (scripts/build-gateway.mjs) gets the module's own
// exports object, not a read-only copy of it.
const operations = createRequire(__filename)('@apollo/federation-internals/dist/operations') as { operationFromDocument: typeof Operations.operationFromDocument };

/**
 * @apollo/gateway rebuilds its own model of the operation (`operationFromDocument`) on every
 * request, after the query plan came from its cache, only to shape the subgraphs' answers into the
 * client's selection (executeQueryPlan → computeResponse). For the same parsed document that model
 * is always the same: it depends on the schema and the document's nodes only (variables are applied
 * by the shaping itself), and nothing changes it afterwards. So it is kept per schema and per
 * operation node, as long as both live: Apollo Server keeps one parsed document per query text,
 * and the access filter one filtered document per query text and caller facts
 * (authorization/enforce.ts), so a repeated query finds its model; a new schema (a supergraph
 * reload) starts afresh.
 *
 * Only the gateway's own call is memoised (no operation name, `validate: false`, a document of one
 * operation and its fragments, as executeQueryPlan builds it): the query planner's calls, which
 * validate, go through unchanged.
 */
type Schema = Parameters<typeof Operations.operationFromDocument>[0];
type Operation = ReturnType<typeof Operations.operationFromDocument>;
type Options = Parameters<typeof Operations.operationFromDocument>[2];

const original = operations.operationFromDocument;
const memo = new WeakMap<Schema, WeakMap<OperationDefinitionNode, { fragments: readonly unknown[]; operation: Operation }>>();

function sameFragments(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function memoisedOperationFromDocument(schema: Schema, document: DocumentNode, options?: Options): Operation {
  const [first, ...rest] = document.definitions;
  if (options?.validate !== false || options.operationName !== undefined || first?.kind !== 'OperationDefinition' || rest.some((d) => d.kind !== 'FragmentDefinition')) {
    return original(schema, document, options);
  }
  let bySchema = memo.get(schema);
  if (!bySchema) memo.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(first);
  if (known && sameFragments(known.fragments, rest)) return known.operation;
  const operation = original(schema, document, options);
  bySchema.set(first, { fragments: rest, operation });
  return operation;
}

let installed = false;

/** Puts the memo in place of @apollo/federation-internals' operationFromDocument (once per process). */
export function installOperationMemo(): void {
  if (installed) return;
  operations.operationFromDocument = memoisedOperationFromDocument;
  installed = true;
}
