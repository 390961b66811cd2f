/**
 * The gateway's send throttle: a token bucket per API key holding one second's worth of messages
 * (`rate`), refilled continuously on the application's clock. A send beyond it is refused with
 * HTTP 429, status 91 and Retry-After in whole seconds (at least 1, as the vendor rounds up),
 * before anything is stored. The rate is read on every send, so an operator's change
 * (back-office `setRate`, another process) applies to the next message.
 */
export class SendThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** undefined when the message may go; otherwise the seconds to wait. */
  take(key: string, rate: number, now: Date): number | undefined {
    const t = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: t };
    // A clock moved back (tests, NTP) refills nothing rather than draining the bucket.
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * rate);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }
}
