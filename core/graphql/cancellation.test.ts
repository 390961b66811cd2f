import DataLoader from 'dataloader';
import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse, type GraphQLFieldResolver } from 'graphql';
import { deadlineIn, type Deadline } from '@core/deadline';
import { stopResolvingWhenCancelled } from './cancellation';
import { requestLoader } from './request-loader';

/** Holds the event loop for `ms`, as a busy machine or a long synchronous step does. */
function holdLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Resolves once the loop has turned (the turns' heartbeat ticks every 10 ms), so that a query
 * starts on a fresh turn, not on what the previous one left: a group of waiting fields may run
 * on a turn that is already over (see turns.ts, runGroup), and what follows it then waits too.
 */
const aFreshTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 15));

/**
 * `{ people { id <field> } }` over `count` people, guarded as subgraphs are. Listing the people holds
 * the loop past a turn (a busy machine), so every person's `field` waits for a later one, unless
 * `holdWhileListing` is false.
 */
function peopleSchema(count: number, field: string, resolve: GraphQLFieldResolver<{ id: number }, any>, { holdWhileListing = true } = {}): GraphQLSchema {
  const Person: GraphQLObjectType = new GraphQLObjectType<{ id: number }, unknown>({
    name: 'Person',
    fields: { id: { type: new GraphQLNonNull(GraphQLInt) }, [field]: { type: GraphQLString, resolve: resolve as GraphQLFieldResolver<{ id: number }, unknown> } },
  });
  const Query = new GraphQLObjectType({
    name: 'Query',
    fields: {
      people: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Person))),
        resolve: () => {
          if (holdWhileListing) holdLoop(80);
          return Array.from({ length: count }, (_, id) => ({ id }));
        },
      },
    },
  });
  return stopResolvingWhenCancelled(new GraphQLSchema({ query: Query }), (context) => (context as { deadline: Deadline }).deadline);
}

/**
 * Fields that wait for the next turn (the loop has been held past its turn) still batch: a busy
 * machine must not turn one legacy call per batch into one per entity. With a setImmediate per
 * waiting field this test saw seven batches of one. And they still give the loop back: a long
 * frontier of waiting fields does not run in one go.
 */
describe('stopResolvingWhenCancelled', () => {
  it('lets the fields that wait for the next turn go on together, so their loader still batches', async () => {
    const batches: number[][] = [];
    const schema = peopleSchema(7, 'deed', ({ id }, _, { deeds }: { deeds: DataLoader<number, string> }) => deeds.load(id));
    const deeds = new DataLoader<number, string>(async (ids) => {
      batches.push([...ids]);
      return ids.map((id) => `deed-${id}`);
    });
    const result = await execute({ schema, document: parse('{ people { id deed } }'), contextValue: { deadline: deadlineIn(5_000), deeds } });
    expect(result.errors).toBeUndefined();
    expect((result.data!.people as Array<{ deed: string }>).map((p) => p.deed)).toEqual(Array.from({ length: 7 }, (_, id) => `deed-${id}`));
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
  });

  it('keeps one batch when the loop is held in the middle of a list: the loader waits for the fields sent to a later turn', async () => {
    // The first four people's deeds are asked for at once; the fourth's resolver then holds the
    // loop (a busy machine, a GC pause), so the last three wait for a later turn.
    const batches: number[][] = [];
    const deadline = deadlineIn(5_000);
    const deedsOf = async (ids: readonly number[]) => {
      batches.push([...ids]);
      return ids.map((id) => `deed-${id}`);
    };
    const schema = peopleSchema(7, 'deed', ({ id }, _, { deeds }: { deeds: DataLoader<number, string> }) => {
      const deed = deeds.load(id);
      if (id === 3) holdLoop(80);
      return deed;
    }, { holdWhileListing: false });
    const query = parse('{ people { id deed } }');

    await aFreshTurn();
    const result = await execute({ schema, document: query, contextValue: { deadline, deeds: requestLoader(deadline, deedsOf, {}) } });
    expect(result.errors).toBeUndefined();
    expect((result.data!.people as Array<{ deed: string }>).map((p) => p.deed)).toEqual(Array.from({ length: 7 }, (_, id) => `deed-${id}`));
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6]]);

    // A loader on DataLoader's own schedule sends the first four alone: what the wait prevents.
    batches.length = 0;
    const other = deadlineIn(5_000);
    await aFreshTurn();
    await execute({ schema, document: query, contextValue: { deadline: other, deeds: new DataLoader(deedsOf) } });
    expect(batches).toEqual([[0, 1, 2, 3], [4, 5, 6]]);
  });

  it('gives the loop back between groups of waiting fields once it has been held for a turn', async () => {
    // Each card's own work: 1,000 of them hold the loop for 300 ms in all.
    const schema = peopleSchema(1_000, 'card', ({ id }) => (holdLoop(0.3), `card-${id}`));
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    try {
      const result = await execute({ schema, document: parse('{ people { id card } }'), contextValue: { deadline: deadlineIn(5_000) } });
      expect(result.errors).toBeUndefined();
      expect((result.data!.people as unknown[]).length).toBe(1_000);
    } finally {
      clearInterval(ticker);
    }
    // The first gap holds the 80 ms step; after it, a turn about every 80 ms (a turn of 50 ms is
    // over after two groups of 128 × 0.3 ms), where the 300 ms of fields in one go would show as
    // one long gap and no more. The bound leaves room for a loaded machine (CI runs suites side
    // by side: 210 ms seen), well under the one long gap.
    const afterTheStep = gaps.slice(1);
    expect(afterTheStep.length).toBeGreaterThan(2);
    expect(Math.max(...afterTheStep)).toBeLessThan(250);
  });
});
