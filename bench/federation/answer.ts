import { isDeepStrictEqual } from 'node:util';
import { BENCHMARK_BODY } from './query';

/**
 * The answer-equality check: one answer per gateway, compared as parsed JSON (key order and
 * whitespace aside) with the first gateway's. A gateway that is fast because it drops a field,
 * a list item or a value fails it.
 */
export interface Answer {
  status: number;
  bytes: number;
  json: unknown;
}

export async function fetchAnswer(url: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BENCHMARK_BODY, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparseable: text.slice(0, 200) };
  }
  return { status: res.status, bytes: Buffer.byteLength(text), json };
}

/** A usable answer: 200, data, no errors. */
export function isGoodAnswer(answer: Answer): boolean {
  const body = answer.json as { data?: unknown; errors?: unknown } | null;
  return answer.status === 200 && body !== null && typeof body === 'object' && body.data != null && body.errors === undefined;
}

const describe = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v)?.slice(0, 60));

/** Where two JSON values first differ (`$.data.users[0].name: "a" ≠ "b"`), or undefined if equal. */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${expected.length} items ≠ ${actual.length} items`;
    for (let i = 0; i < expected.length; i += 1) {
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
  }
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const found = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: ${describe(expected)} ≠ ${describe(actual)}`;
}
