/**
 * Keys cut into slices of the most an application takes in one call (its documented limit): a
 * batch beyond it costs one call per slice, never one per key.
 */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
