import { stat } from 'node:fs';
import { deadlineIn } from '@core/deadline';
import { afterWaitingFields, inNextTurn } from './turns';

/** How a loader's batch waits for its request's fields sent to a later turn (see cancellation.test.ts for whole queries). */
describe('afterWaitingFields', () => {
  it('goes after the microtasks when none of the request\'s fields wait', async () => {
    const events: string[] = [];
    afterWaitingFields(deadlineIn(5_000))(() => events.push('batch'));
    await Promise.resolve().then(() => events.push('microtask'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['microtask', 'batch']);
  });

  it('waits for the fields of its request that were waiting when it fell due, not for those sent later', async () => {
    const deadline = deadlineIn(5_000);
    const events: string[] = [];
    const finished = new Promise<void>((done) => {
      void inNextTurn(() => {
        events.push('field 1');
        // A field the first one leads to, sent to a later turn after the batch fell due.
        void inNextTurn(() => {
          events.push('field 2');
          done();
        }, deadline);
      }, deadline);
    });
    afterWaitingFields(deadline)(() => events.push('batch'));
    await finished;
    expect(events).toEqual(['field 1', 'batch', 'field 2']);
  });

  it('does not wait for another request\'s fields', async () => {
    const events: string[] = [];
    const other = inNextTurn(() => events.push('other request\'s field'), deadlineIn(5_000));
    afterWaitingFields(deadlineIn(5_000))(() => events.push('batch'));
    await other;
    expect(events).toEqual(['batch', 'other request\'s field']);
  });

  it('does not wait when more fields wait than a few pages hold (a huge frontier would pile up on it)', async () => {
    const deadline = deadlineIn(5_000);
    const events: string[] = [];
    const fields = Array.from({ length: 1_000 }, () => inNextTurn(() => undefined, deadline));
    afterWaitingFields(deadline)(() => events.push(`batch after ${events.length} fields`));
    await Promise.all(fields.map((field) => field.then(() => events.push('field'))));
    expect(events[0]).toBe('batch after 0 fields');
  });
});

describe('inNextTurn', () => {
  it('still runs waiting fields when other work keeps every turn longer than a turn may be', async () => {
    // Other work in the same process, as other callers' requests are: an I/O callback (the poll
    // phase, between the heartbeat and the waiting fields) that holds the loop 70 ms, more than a
    // turn may last, every time round. Capped at 3 s, so that a starving scheduler fails the
    // bound below instead of hanging the suite.
    const stopAt = performance.now() + 3_000;
    let busy = true;
    const hold = (): void => {
      const until = performance.now() + 70;
      while (performance.now() < until);
      if (busy && performance.now() < stopAt) stat(__filename, hold);
    };
    stat(__filename, hold);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      let field = 0;
      // A request resolving level by level, each level sent to a later turn.
      const next = (): Promise<unknown> => inNextTurn(() => (++field < 5 ? next() : field), deadlineIn(5_000));
      expect(await next()).toBe(5);
      // Five levels, one turn (about 70 ms here) each; a starved request waits until the other work stops (3 s).
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      busy = false;
    }
  });
});
