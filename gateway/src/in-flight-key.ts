import { parse, type DocumentNode, type OperationTypeNode } from 'graphql';
import type { Principal } from '@core/context/request-context';
import type { GatewayContext } from './context';

/**
 * Which requests may share one execution (core/http/in-flight.ts): queries only (a mutation is
 * never run once for two requests), with the same document, operation name and variables, from
 * the same principal (every claim: id, roles, scopes, region, NIK), for the same tenant and with the
 * same stated purpose. Two callers who might see different data never share, and neither do two
 * requests whose audit records would differ.
 */
/** Per document text, per operation name ('' for none): parsed once. */
const OPERATION_TYPES = new Map<string, Map<string, OperationTypeNode | undefined>>();
const MAX_REMEMBERED = 1_000;

/** The type of the operation a request runs; parsed once per document and operation name. */
function operationTypeOf(query: string, operationName: string | undefined): OperationTypeNode | undefined {
  let byName = OPERATION_TYPES.get(query);
  const name = operationName ?? '';
  if (byName?.has(name)) return byName.get(name);
  let document: DocumentNode | undefined;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    document = undefined;
  }
  const operations = document?.definitions.filter((d) => d.kind === 'OperationDefinition') ?? [];
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const type = chosen?.operation;
  if (!byName) {
    if (OPERATION_TYPES.size >= MAX_REMEMBERED) OPERATION_TYPES.clear();
    OPERATION_TYPES.set(query, (byName = new Map()));
  }
  // A document is sent with a few names at most; a caller cycling through names must not grow it.
  if (byName.size >= 16) byName.clear();
  byName.set(name, type);
  return type;
}

/**
 * A principal's JSON, written once: the authenticator shares one frozen principal between every
 * request with the same token, so only the request's own parts are serialised per request.
 */
const PRINCIPAL_JSON = new WeakMap<Principal, string>();

function principalJson(principal: Principal): string {
  let json = PRINCIPAL_JSON.get(principal);
  if (json === undefined) {
    json = JSON.stringify(principal);
    if (Object.isFrozen(principal)) PRINCIPAL_JSON.set(principal, json);
  }
  return json;
}

export function inFlightKeyOf(context: GatewayContext, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { query, operationName, variables } = body as { query?: unknown; operationName?: unknown; variables?: unknown };
  if (typeof query !== 'string') return undefined;
  const name = typeof operationName === 'string' ? operationName : undefined;
  if (operationTypeOf(query, name) !== 'query') return undefined;
  const { principal, tenant, purpose } = context.request;
  // JSON.stringify([principal, tenant, purpose, name, variables, query]), with the principal's part remembered.
  return `[${principalJson(principal)},${JSON.stringify([tenant, purpose ?? null, name ?? null, variables ?? null, query]).slice(1)}`;
}
