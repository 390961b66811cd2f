import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Persisted (safelisted) operations: the operations machine clients — kiosks, the couriers' app —
 * are allowed to run, registered ahead of time in a manifest (Apollo's persisted-query manifest
 * format, built from gateway/operations/*.graphql by `npm run operations`). A client sends the
 * operation's id instead of its text, as Apollo clients do with automatic persisted queries:
 *
 *   {"operationName":"KioskResident","variables":{…},
 *    "extensions":{"persistedQuery":{"version":1,"sha256Hash":"<id>"}}}
 *
 * The gateway puts the registered text in its place before anything else reads the request. A
 * role that may only run registered operations (SAFELISTED_ROLES) is refused anything else, so a
 * stolen kiosk token cannot be used to browse the register. Unknown ids are refused; clients
 * cannot register new operations at run time (Apollo's own APQ registration is off).
 */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().min(1), type: z.enum(['query', 'mutation', 'subscription']), body: z.string().min(1) })),
});
export type PersistedOperationManifest = z.infer<typeof manifestSchema>;

export interface PersistedOperation {
  id: string;
  name: string;
  body: string;
}

/** The id of an operation's text: the hex SHA-256 of the exact text, as Apollo clients compute it. */
export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

export class PersistedOperationRefused extends Error {
  constructor(
    readonly reason: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_MISMATCH' | 'BAD_PERSISTED_QUERY',
    message: string,
  ) {
    super(message);
  }
}

export class PersistedOperations {
  private constructor(private readonly byId: ReadonlyMap<string, PersistedOperation>) {}

  static empty(): PersistedOperations {
    return new PersistedOperations(new Map());
  }

  static fromManifest(manifest: unknown): PersistedOperations {
    const parsed = manifestSchema.parse(manifest);
    const byId = new Map<string, PersistedOperation>();
    for (const op of parsed.operations) {
      // The id must be the hash of the text: a manifest edited by hand cannot smuggle in another operation.
      if (operationId(op.body) !== op.id) throw new Error(`persisted operation ${op.name}: id is not the SHA-256 of its body (run \`npm run operations\`)`);
      byId.set(op.id, { id: op.id, name: op.name, body: op.body });
    }
    return new PersistedOperations(byId);
  }

  /** The manifest at `path`; none (no operations) when the file does not exist. */
  static load(path: string): PersistedOperations {
    if (!existsSync(path)) return PersistedOperations.empty();
    return PersistedOperations.fromManifest(JSON.parse(readFileSync(path, 'utf8')));
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Puts the registered text in a request body that names a persisted operation, and says which
   * operation it was. A body without a persisted-query extension is returned as it is (and
   * `operation` is undefined). Throws PersistedOperationRefused for an unknown id, or for text
   * that is not the registered text of that id.
   */
  resolve(body: unknown): { body: unknown; operation: PersistedOperation | undefined } {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { body, operation: undefined };
    const request = body as { query?: unknown; extensions?: { persistedQuery?: unknown } & Record<string, unknown> };
    const persisted = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
    if (persisted === undefined) return { body, operation: undefined };
    if (persisted === null || typeof persisted !== 'object' || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') {
      throw new PersistedOperationRefused('BAD_PERSISTED_QUERY', 'extensions.persistedQuery must be {"version":1,"sha256Hash":"<hex id>"}.');
    }
    const operation = this.byId.get(persisted.sha256Hash);
    if (!operation) throw new PersistedOperationRefused('PERSISTED_QUERY_NOT_FOUND', 'No operation is registered under this id.');
    if (request.query !== undefined && request.query !== operation.body) {
      throw new PersistedOperationRefused('PERSISTED_QUERY_MISMATCH', 'The query text is not the registered text of this id; send the id alone.');
    }
    const { persistedQuery: _ignored, ...otherExtensions } = request.extensions ?? {};
    return { body: { ...request, query: operation.body, extensions: otherExtensions }, operation };
  }
}
