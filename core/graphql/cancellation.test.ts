import DataLoader from 'dataloader';
import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse } from 'graphql';
import { deadlineIn } from '@core/deadline';
import { stopResolvingWhenCancelled } from './cancellation';

/**
 * Fields that wait for the next turn (the loop has been held past its turn) still batch: a busy
 * machine must not turn one legacy call per batch into one per entity.
 */
describe('stopResolvingWhenCancelled', () => {
  it('lets the fields that wait for the next turn go on together, so their loader still batches', async () => {
    const batches: number[][] = [];
    const Person = new GraphQLObjectType({
      name: 'Person',
      fields: {
        id: { type: new GraphQLNonNull(GraphQLInt) },
        deed: { type: GraphQLString, resolve: ({ id }: { id: number }, _: unknown, { deeds }: { deeds: DataLoader<number, string> }) => deeds.load(id) },
      },
    });
    const Query = new GraphQLObjectType({
      name: 'Query',
      fields: {
        people: {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Person))),
          // Holds the loop past a turn (a busy machine), so that every person's deed waits for the next one.
          resolve: () => {
            const until = performance.now() + 80;
            while (performance.now() < until);
            return Array.from({ length: 7 }, (_, id) => ({ id }));
          },
        },
      },
    });
    const schema = stopResolvingWhenCancelled(new GraphQLSchema({ query: Query }), (context) => (context as { deadline: ReturnType<typeof deadlineIn> }).deadline);
    const deeds = new DataLoader<number, string>(async (ids) => {
      batches.push([...ids]);
      return ids.map((id) => `deed-${id}`);
    });
    const result = await execute({ schema, document: parse('{ people { id deed } }'), contextValue: { deadline: deadlineIn(5_000), deeds } });
    expect(result.errors).toBeUndefined();
    expect((result.data!.people as Array<{ deed: string }>).map((p) => p.deed)).toEqual(Array.from({ length: 7 }, (_, id) => `deed-${id}`));
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
  });
});
