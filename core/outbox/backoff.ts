/**
 * When to try a failed delivery again: exponential (initial × 2^(attempts−1), capped at max) with
 * "equal jitter" (a random point in the upper half), so that messages that failed together (an
 * application that was down) do not all come back at the same instant, yet none is retried sooner
 * than half its step.
 */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

export function retryDelay(attempts: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const step = Math.min(settings.maxMs, settings.initialMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(step / 2 + random() * (step / 2));
}
