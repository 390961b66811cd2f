import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@core/config/shared';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, print, validate, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationId, type PersistedOperationManifest } from './persisted-operations';
import { withoutAccessRules } from './authorization/rules';

/**
 * Builds the persisted-operation manifest from the operations registered in gateway/operations/
 * (`npm run operations`): every named operation, with the fragments it uses, printed in one
 * canonical form, validated against the API the supergraph serves. Clients send the ids it lists.
 */
export const OPERATIONS_DIR = join(REPO_ROOT, 'gateway', 'operations');
export const MANIFEST_PATH = join(OPERATIONS_DIR, 'manifest.json');

function fragmentsUsedBy(definition: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): FragmentDefinitionNode[] {
  const used: FragmentDefinitionNode[] = [];
  visit(definition, {
    FragmentSpread(node) {
      const fragment = fragments.get(node.name.value);
      if (!fragment || seen.has(fragment.name.value)) return;
      seen.add(fragment.name.value);
      used.push(fragment, ...fragmentsUsedBy(fragment, fragments, seen));
    },
  });
  return used;
}

export function buildManifest(supergraphSdl: string, dir: string = OPERATIONS_DIR): PersistedOperationManifest {
  const schema = Supergraph.build(withoutAccessRules(supergraphSdl)).apiSchema().toGraphQLJSSchema();
  const operations: PersistedOperationManifest['operations'] = [];
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const document = parse(readFileSync(join(dir, file), 'utf8'), { noLocation: true });
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
    for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
      const name = op.name?.value;
      if (!name) throw new Error(`${file}: every registered operation needs a name`);
      if (names.has(name)) throw new Error(`${file}: operation ${name} is registered twice`);
      names.add(name);
      const own = { kind: Kind.DOCUMENT, definitions: [op, ...fragmentsUsedBy(op, fragments)] } as const;
      const errors = validate(schema, own);
      if (errors.length > 0) throw new Error(`${file}: ${name} is not valid against the supergraph: ${errors.map((e) => e.message).join('; ')}`);
      const body = print(own);
      operations.push({ id: operationId(body), name, type: op.operation, body });
    }
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export function manifestText(manifest: PersistedOperationManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
