import {
  getNamedType, isCompositeType, isNonNullType, isObjectType, isInterfaceType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLSchema, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';

/**
 * Removes from an operation every field the caller may not see, as Apollo Router does: the rest
 * of the query is planned and answered as usual, and each removed field comes back `null` with a
 * FORBIDDEN error at its path. A removed field that cannot be null takes its nearest nullable
 * parent with it (where the `null` then appears), as GraphQL's own null propagation would.
 * Fragments are inlined first, so a field is judged in every place it is selected.
 */
export interface Denied {
  /** Response path of the field the caller may not see (list positions left out). */
  field: string[];
  /** Where the answer gets `null` for it: the field itself, or its nearest nullable parent. */
  nulled: string[];
  /** Why (extensions.reason of its FORBIDDEN error), e.g. MISSING_SCOPE. */
  reason: string;
}

/** Undefined when the caller may see the field; otherwise why not. */
export type FieldCheck = (parentType: string, field: GraphQLField<unknown, unknown>) => string | undefined;
/** Whether the field's value is shown to this caller masked (see mask.ts). */
export type MaskCheck = (parentType: string, field: GraphQLField<unknown, unknown>) => boolean;

export interface Filtered {
  /** The operation without the denied fields (the original document when nothing was denied). */
  document: DocumentNode;
  denied: Denied[];
  /** Response paths (list positions left out) whose values the caller sees masked. */
  masked: string[][];
}

/** What stands in for a selection set whose every field was denied (one may not be empty); removed from the answer by dropPlaceholders. */
export const PLACEHOLDER = '_gerbangDenied';
const TYPENAME: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: PLACEHOLDER }, name: { kind: Kind.NAME, value: '__typename' } };

function selectedOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** Replaces every fragment spread by an inline fragment with the fragment's own selections. */
function inlineFragments(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: ReadonlySet<string> = new Set()): SelectionSetNode {
  const selections: SelectionNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      // Validation already refused unknown and cyclic fragments; this only guards the recursion.
      if (!fragment || seen.has(fragment.name.value)) continue;
      const inner = inlineFragments(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]));
      selections.push({ kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: inner });
    } else if (selection.selectionSet) {
      selections.push({ ...selection, selectionSet: inlineFragments(selection.selectionSet, fragments, seen) } as SelectionNode);
    } else {
      selections.push(selection);
    }
  }
  return { ...selectionSet, selections };
}

interface Walk {
  selectionSet: SelectionSetNode;
  /** A non-null field below was denied: the field holding this selection set must go too. */
  poisoned: boolean;
}

export function filterOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, denialOf: FieldCheck, maskedFor: MaskCheck = () => false): Filtered {
  const operation = selectedOperation(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { document, denied: [], masked: [] };
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const denied: Denied[] = [];
  const masked: string[][] = [];

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, path: string[]): Walk => {
    const kept: SelectionNode[] = [];
    let poisoned = false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!on || !isCompositeType(on)) continue;
        const inner = walk(selection.selectionSet, on, path);
        poisoned ||= inner.poisoned;
        kept.push({ ...selection, selectionSet: inner.selectionSet } as InlineFragmentNode);
        continue;
      }
      if (selection.kind !== Kind.FIELD) continue;
      const name = selection.name.value;
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!definition) {
        kept.push(selection); // __typename and the like
        continue;
      }
      const fieldPath = [...path, selection.alias?.value ?? name];
      const reason = denialOf(parent.name, definition);
      if (reason !== undefined) {
        if (isNonNullType(definition.type)) {
          poisoned = true;
          denied.push({ field: fieldPath, nulled: path, reason });
        } else {
          denied.push({ field: fieldPath, nulled: fieldPath, reason });
        }
        continue;
      }
      if (maskedFor(parent.name, definition)) masked.push(fieldPath);
      const returned = getNamedType(definition.type);
      if (selection.selectionSet && isCompositeType(returned)) {
        const inner = walk(selection.selectionSet, returned, fieldPath);
        if (inner.poisoned) {
          // A non-null field below was denied and nothing between could be null: this field goes,
          // with null here; or, if it cannot be null either, one level further up.
          if (isNonNullType(definition.type)) {
            poisoned = true;
            const here = fieldPath.join('\u0000');
            for (const d of denied) if (d.nulled.join('\u0000') === here) d.nulled = path;
          }
          continue;
        }
        kept.push({ ...selection, selectionSet: inner.selectionSet });
        continue;
      }
      kept.push(selection);
    }
    // A selection set may not be empty: ask for __typename, which anyone may see (and drop it later).
    return { selectionSet: { ...selectionSet, selections: kept.length > 0 ? kept : [TYPENAME] }, poisoned };
  };

  const result = walk(inlineFragments(operation.selectionSet, fragments), root, []);
  if (denied.length === 0) return { document, denied, masked };
  const filtered: OperationDefinitionNode = { ...operation, selectionSet: result.selectionSet };
  // The operation alone: its fragments are inlined, and unused fragments would fail validation.
  return { document: { ...document, definitions: [filtered] }, denied, masked };
}

/** Replaces the value at a response path, through every element of the lists on the way. */
export function updateAt(data: Record<string, unknown> | null | undefined, path: readonly string[], update: (value: unknown) => unknown): void {
  if (!data || path.length === 0) return;
  const [key, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    data[key] = update(data[key]);
    return;
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') updateAt(value as Record<string, unknown>, rest, update);
  };
  visit(data[key]);
}

/** Sets `null` at a response path, through every element of the lists on the way. */
export function setNull(data: Record<string, unknown> | null | undefined, path: readonly string[]): void {
  updateAt(data, path, () => null);
}

/** Removes the placeholders filterOperation put where every field of a selection was denied. */
export function dropPlaceholders(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropPlaceholders(item);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    delete record[PLACEHOLDER];
    for (const inner of Object.values(record)) dropPlaceholders(inner);
  }
}
