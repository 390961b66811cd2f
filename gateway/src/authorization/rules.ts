import { Kind, parse, print, visit, type ConstDirectiveNode, type ConstValueNode, type DefinitionNode } from 'graphql';

/**
 * The access rules a supergraph declares with federation's own directives, as composition carries
 * them from the subgraphs: `@authenticated`, `@requiresScopes(scopes: [[...]])` and
 * `@policy(policies: [[...]])`, on types and on fields. Stock @apollo/gateway ignores them; the
 * gateway enforces them (see enforce.ts). A supergraph without them has no rules at all.
 */
export interface AccessRule {
  authenticated: boolean;
  /** Any one inner list, all of whose scopes the caller has, is enough. */
  scopes?: string[][];
  /** Any one inner list, all of whose policies allow the caller, is enough. */
  policies?: string[][];
}

export interface AccessRules {
  /** True when the supergraph declares no rule anywhere. */
  readonly empty: boolean;
  /** The rule on a type itself (it applies to every field that returns it), if any. */
  type(name: string): AccessRule | undefined;
  /** The rule on one field definition, if any. */
  field(type: string, field: string): AccessRule | undefined;
  /**
   * For a field declared `@masked(unless: [[...]])`: the scope sets any one of which shows the
   * value in clear. Undefined for a field that is never masked.
   */
  mask(type: string, field: string): string[][] | undefined;
}

function stringMatrix(value: ConstValueNode | undefined): string[][] | undefined {
  if (value?.kind !== Kind.LIST) return undefined;
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.map((v) => (v.kind === Kind.STRING ? v.value : '')) : []));
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): AccessRule | undefined {
  let rule: AccessRule | undefined;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'authenticated' && name !== 'requiresScopes' && name !== 'policy') continue;
    rule ??= { authenticated: false };
    if (name === 'authenticated') rule.authenticated = true;
    const argument = directive.arguments?.find((a) => a.name.value === (name === 'requiresScopes' ? 'scopes' : 'policies'));
    if (name === 'requiresScopes') rule.scopes = stringMatrix(argument?.value);
    if (name === 'policy') rule.policies = stringMatrix(argument?.value);
  }
  return rule;
}

const RULED_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION, Kind.ENUM_TYPE_DEFINITION,
]);

export function accessRulesOf(supergraphSdl: string): AccessRules {
  const types = new Map<string, AccessRule>();
  const fields = new Map<string, AccessRule>();
  const masks = new Map<string, string[][]>();
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions as readonly DefinitionNode[]) {
    if (!RULED_KINDS.has(definition.kind) || !('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    const typeRule = ruleOf('directives' in definition ? (definition.directives as readonly ConstDirectiveNode[]) : undefined);
    if (typeRule) types.set(typeName, typeRule);
    if (!('fields' in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      const fieldRule = ruleOf(field.directives as readonly ConstDirectiveNode[] | undefined);
      if (fieldRule) fields.set(`${typeName}.${field.name.value}`, fieldRule);
      const masked = field.directives?.find((d) => d.name.value === 'masked');
      if (masked) masks.set(`${typeName}.${field.name.value}`, stringMatrix(masked.arguments?.find((a) => a.name.value === 'unless')?.value as ConstValueNode | undefined) ?? []);
    }
  }
  return {
    empty: types.size === 0 && fields.size === 0 && masks.size === 0,
    type: (name) => types.get(name),
    field: (type, field) => fields.get(`${type}.${field}`),
    mask: (type, field) => masks.get(`${type}.${field}`),
  };
}

const ACCESS_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);
const ACCESS_SPECS = /^https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\//;
const ACCESS_SCALARS = new Set(['policy__Policy', 'requiresScopes__Scope']);

/**
 * The supergraph as @apollo/gateway will load it: without the access-rule features, which it
 * refuses to load (they are `for: SECURITY`, and only a router that enforces them may accept
 * them). The gateway enforces them itself from accessRulesOf(the original text).
 */
export function withoutAccessRules(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  let touched = false;
  const stripped = visit(document, {
    Directive(node) {
      if (ACCESS_DIRECTIVES.has(node.name.value)) {
        touched = true;
        return null;
      }
      if (node.name.value === 'link') {
        const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
        if (url?.kind === Kind.STRING && ACCESS_SPECS.test(url.value)) {
          touched = true;
          return null;
        }
      }
      return undefined;
    },
    DirectiveDefinition(node) {
      return ACCESS_DIRECTIVES.has(node.name.value) ? null : undefined;
    },
    ScalarTypeDefinition(node) {
      return ACCESS_SCALARS.has(node.name.value) ? null : undefined;
    },
  });
  return touched ? print(stripped) : supergraphSdl;
}
