import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { REPO_ROOT } from '@core/config/shared';

/**
 * The subgraph manifest (schema/subgraphs.json) and each subgraph's SDL: schema/common.graphql
 * (shared scalars, enums and types) followed by the subgraph's own schema.graphql. Used by the
 * subgraph servers, by `npm run compose` and by the staleness test, so all three see the same text.
 */
export interface SubgraphEntry {
  name: string;
  sdl: string;
  routingUrl: string;
}

export const SUPERGRAPH_PATH = join(REPO_ROOT, 'schema', 'supergraph.graphql');

export function subgraphManifest(): SubgraphEntry[] {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'subgraphs.json'), 'utf8')) as { subgraphs: SubgraphEntry[] };
  return raw.subgraphs;
}

export function subgraphSdl(name: string): string {
  const entry = subgraphManifest().find((s) => s.name === name);
  if (!entry) throw new Error(`No subgraph "${name}" in schema/subgraphs.json`);
  const common = readFileSync(join(REPO_ROOT, 'schema', 'common.graphql'), 'utf8');
  const own = readFileSync(join(REPO_ROOT, entry.sdl), 'utf8');
  // The subgraph's own file goes first: it carries the `extend schema @link(...)` header.
  return `${own}\n${common}`;
}

export function subgraphTypeDefs(name: string): DocumentNode {
  return parse(subgraphSdl(name));
}
