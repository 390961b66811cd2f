/**
 * The subgraphs a supergraph names (`@join__graph(name:, url:)`), with URL overrides from the
 * configuration applied. Used for routing and for readiness checks.
 */
const JOIN_GRAPH = /@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*"([^"]*)"\s*\)/g;

export function subgraphUrlsOf(supergraphSdl: string, overrides: Record<string, string>): Map<string, string> {
  const urls = new Map<string, string>();
  for (const match of supergraphSdl.matchAll(JOIN_GRAPH)) {
    const name = match[1]!;
    urls.set(name, overrides[name] ?? match[2]!);
  }
  const unknown = Object.keys(overrides).filter((name) => !urls.has(name));
  if (unknown.length > 0) throw new Error(`SUBGRAPH_*_URL set for subgraphs the supergraph does not have: ${unknown.join(', ')}`);
  return urls;
}
