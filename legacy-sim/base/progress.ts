/**
 * Seeding 1.4 million residents takes a while; say how far along it is, at most once a second,
 * on stderr so that stdout stays clean for whatever a script pipes.
 */
export interface Progress {
  advance(done: number): void;
  finish(): void;
}

export function createProgress(label: string, total: number, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Progress {
  const started = Date.now();
  let lastPrinted = 0;
  let current = 0;
  const line = () => {
    const pct = total > 0 ? Math.min(100, Math.floor((current / total) * 100)) : 100;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return `${label}: ${current.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct}%) ${seconds}s`;
  };
  return {
    advance(done) {
      current = done;
      const now = Date.now();
      if (now - lastPrinted >= 1000) {
        lastPrinted = now;
        write(line());
      }
    },
    finish() {
      write(`${line()} done`);
    },
  };
}

export const silentProgress = (): Progress => ({ advance: () => undefined, finish: () => undefined });
