import { Periodic } from './periodic';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('work run periodically', () => {
  it('runs rounds one after another, keeps going after a failed one, and stops after the round in progress', async () => {
    let rounds = 0;
    let inRound = 0;
    let overlapped = false;
    const errors: unknown[] = [];
    const loop = new Periodic(async () => {
      inRound += 1;
      if (inRound > 1) overlapped = true;
      rounds += 1;
      await sleep(5);
      inRound -= 1;
      if (rounds === 2) throw new Error('down this round');
    }, 5, (error) => errors.push(error));
    expect(loop.stopping).toBe(false);
    loop.start();
    loop.start();
    // Until the third round has started (a fixed wait missed it when a loaded machine held the loop).
    for (const started = Date.now(); rounds < 3 && Date.now() - started < 5_000; ) await sleep(5);
    await loop.stop();
    const after = rounds;
    expect(loop.stopping).toBe(true);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(errors).toHaveLength(1);
    expect(overlapped).toBe(false);
    await sleep(40);
    expect(rounds).toBe(after);
  });
});
