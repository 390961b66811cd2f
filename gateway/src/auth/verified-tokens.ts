/**
 * Tokens already verified, remembered until they expire (and at most `maxAgeMs`): a client sends
 * the same bearer token with every request, and verifying its EdDSA signature costs about 250 µs
 * each time (docs/benchmarks.md). A token is remembered only after it passed every check; a key
 * removed from the identity provider's JWKS stops accepting its tokens within `maxAgeMs`.
 * The oldest entries make room when it is full, so a flood of distinct tokens cannot grow it.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(token: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (now >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers a verified token until `expiresAtS` (its `exp`, in seconds) or `maxAgeMs`, whichever is first. */
  set(token: string, value: T, expiresAtS: number, now = Date.now()): void {
    const until = Math.min(expiresAtS * 1000, now + this.maxAgeMs);
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { value, until });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
