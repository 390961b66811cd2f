import { Cancelled, deadlineIn, startDeadline, type Deadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { checkedListLoader, checkedLookupLoader, listLoader, lookupLoader, type RowCheck } from './request-loader';

/** The error a promise rejects with (fails the test when it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The loaders of legacy-adapters/<app>/loaders.ts: one legacy call per batch, nothing sent once the request is cancelled. */
describe('lookupLoader', () => {
  it('makes one call per batch, with the keys in the order asked for, and answers null for keys the application does not know', async () => {
    const deadline = deadlineIn(5_000);
    const calls: Array<{ keys: string[]; deadline: Deadline }> = [];
    const loader = lookupLoader(deadline, 'akta-lahir', async (keys, d) => {
      calls.push({ keys: [...keys], deadline: d });
      return new Map([['A', 'deed-A'], ['C', 'deed-C']]);
    }, 100);

    const answers = await Promise.all(['C', 'B', 'A', 'C'].map((key) => loader.load(key)));

    expect(answers).toEqual(['deed-C', null, 'deed-A', 'deed-C']);
    expect(calls.map((c) => c.keys)).toEqual([['C', 'B', 'A']]);
    expect(calls[0]!.deadline).toBe(deadline);
  });

  it('splits the keys into batches of at most maxBatchSize, one call each', async () => {
    const calls: string[][] = [];
    const loader = lookupLoader(deadlineIn(5_000), 'ikd', async (keys) => {
      calls.push([...keys]);
      return new Map(keys.map((key): [string, string] => [key, `id-${key}`]));
    }, 2);

    const answers = await Promise.all(['1', '2', '3', '4', '5'].map((key) => loader.load(key)));

    expect(answers).toEqual(['id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
    expect(calls).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('does not call the application once the deadline has passed: the loads fail with DEADLINE_EXCEEDED naming the app', async () => {
    const calls: string[][] = [];
    const loader = lookupLoader(deadlineIn(0), 'siak', async (keys) => {
      calls.push([...keys]);
      return new Map<string, string>();
    }, 100);

    const error = await rejectionOf(loader.load('3674011708850003'));

    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).code).toBe('DEADLINE_EXCEEDED');
    expect((error as GerbangError).extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'siak' });
    expect(calls).toEqual([]);
  });
});

describe('listLoader', () => {
  it('makes one call per batch, in key order, and answers an empty list of its own for each key the application does not know', async () => {
    const calls: string[][] = [];
    const loader = listLoader(deadlineIn(5_000), 'akta-kawin', async (keys) => {
      calls.push([...keys]);
      return new Map([['A', ['a-1', 'a-2']]]);
    }, 100);

    const [b, a, d] = await Promise.all(['B', 'A', 'D'].map((key) => loader.load(key)));

    expect([b, a, d]).toEqual([[], ['a-1', 'a-2'], []]);
    expect(b).not.toBe(d);
    expect(calls).toEqual([['B', 'A', 'D']]);
  });

  it('splits the keys into batches of at most maxBatchSize, one call each', async () => {
    const calls: string[][] = [];
    const loader = listLoader(deadlineIn(5_000), 'kia', async (keys) => {
      calls.push([...keys]);
      return new Map(keys.map((key): [string, string[]] => [key, [`card-${key}`]]));
    }, 3);

    const answers = await Promise.all(['1', '2', '3', '4'].map((key) => loader.load(key)));

    expect(answers).toEqual([['card-1'], ['card-2'], ['card-3'], ['card-4']]);
    expect(calls).toEqual([['1', '2', '3'], ['4']]);
  });

  it('does not call the application once the caller has left: the loads fail with DEADLINE_EXCEEDED naming the app', async () => {
    const controller = startDeadline(10_000);
    controller.callerLeft();
    const calls: string[][] = [];
    const loader = listLoader(controller.deadline, 'ktp-rekam', async (keys) => {
      calls.push([...keys]);
      return new Map<string, string[]>();
    }, 100);

    const errors = await Promise.all(['1', '2'].map((key) => rejectionOf(loader.load(key))));

    for (const error of errors) {
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'ktp-rekam' });
      expect(((error as GerbangError).originalError as Cancelled).reason).toBe('CALLER_LEFT');
    }
    expect(calls).toEqual([]);
    controller.dispose();
  });
});

/** The subgraphs' loaders: rows checked by the subgraph's row rules and audited before they are given out. */
describe('checkedLookupLoader and checkedListLoader', () => {
  /** Row rules that let through rows not starting with 'x', and remember what they saw. */
  function rules() {
    const seen = { withheld: [] as string[], audited: [] as string[][] };
    const check: RowCheck<string> = {
      guard: () => undefined,
      mayRead: async (row) => !row.startsWith('x'),
      withhold: (key) => void seen.withheld.push(key),
      audit: async (shown) => void seen.audited.push([...shown]),
    };
    return { seen, check };
  }

  it('answers null for a row the caller may not read, notes it withheld, and audits only what it gives out, in the order asked for', async () => {
    const { seen, check } = rules();
    const loader = checkedLookupLoader(deadlineIn(5_000), 'akta-lahir', async () => new Map([['A', 'deed-A'], ['B', 'x-deed-B'], ['C', 'deed-C']]), 100, check);

    expect(await Promise.all(['C', 'B', 'A', 'D'].map((key) => loader.load(key)))).toEqual(['deed-C', null, 'deed-A', null]);
    expect(seen.withheld).toEqual(['B']);
    expect(seen.audited).toEqual([['deed-C', 'deed-A']]);
  });

  it('leaves out of a list the rows the caller may not read, and audits the rest once per batch', async () => {
    const { seen, check } = rules();
    const loader = checkedListLoader(deadlineIn(5_000), 'akta-kawin', async () => new Map([['A', ['a-1', 'x-a-2']], ['B', ['x-b-1']]]), 100, check);

    expect(await Promise.all(['A', 'B', 'C'].map((key) => loader.load(key)))).toEqual([['a-1'], [], []]);
    expect(seen.withheld).toEqual([]);
    expect(seen.audited).toEqual([['a-1']]);
  });

  it('asks the application nothing when the caller may read no rows', async () => {
    const calls: string[][] = [];
    const refused = new Error('FORBIDDEN');
    const loader = checkedLookupLoader(deadlineIn(5_000), 'akta-mati', async (keys) => (calls.push([...keys]), new Map<string, string>()), 100, {
      ...rules().check,
      guard: () => {
        throw refused;
      },
    });

    expect(await rejectionOf(loader.load('A'))).toBe(refused);
    expect(calls).toEqual([]);
  });

  it('gives nothing out when the audit trail cannot take it (fail closed)', async () => {
    const unavailable = new Error('AUDIT_UNAVAILABLE');
    const loader = checkedLookupLoader(deadlineIn(5_000), 'akta-lahir', async () => new Map([['A', 'deed-A']]), 100, {
      ...rules().check,
      audit: async () => {
        throw unavailable;
      },
    });

    expect(await rejectionOf(loader.load('A'))).toBe(unavailable);
  });
});

