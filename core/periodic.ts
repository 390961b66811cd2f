/**
 * Work run again every `intervalMs` after the previous round ended (never two rounds at once):
 * the change-feed pollers and report followers. `stop()` waits for the round in progress;
 * `stopping` lets a long round end early once a stop was asked for.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private started = false;
  private stopRequested = false;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly intervalMs: number,
    /** What a failed round does (it is tried again next time); by default nothing. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** True once stop() was called: a round in progress should end. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopRequested = false;
    const tick = () => {
      this.running = this.round()
        .catch(this.onError)
        .finally(() => {
          if (this.stopRequested) return;
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.started = false;
    clearTimeout(this.timer);
    await this.running;
  }
}
