/**
 * The gateway is ready when every subgraph says it is ready (which in turn means its legacy
 * applications answer). Reported per subgraph so that an operator sees which one is down.
 */
export async function checkSubgraphs(urls: Map<string, string>, timeoutMs = 2_000): Promise<Record<string, string>> {
  const failures: Record<string, string> = {};
  await Promise.all(
    [...urls].map(async ([name, url]) => {
      try {
        const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { failures?: Record<string, string> };
          failures[name] = body.failures ? `not ready: ${Object.keys(body.failures).join(', ')}` : `HTTP ${res.status}`;
        }
      } catch {
        failures[name] = 'unreachable';
      }
    }),
  );
  return failures;
}
