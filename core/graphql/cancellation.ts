import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLNonNull, GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { cancellationOf, throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode } from '@core/errors';

/**
 * How long one request may keep the event loop to itself before its resolvers let others in. A
 * query whose data is all in loader caches resolves entirely in microtasks: without a yield, the
 * process answers nothing else (health checks, other callers, the gateway hanging up) until it
 * has finished, however long that takes.
 */
const MAX_TURN_MS = 50;
let lastTick = performance.now();
const heartbeat = setInterval(() => (lastTick = performance.now()), 10);
heartbeat.unref();

/**
 * The fields waiting for the next turn go on in groups: one setImmediate per group of up to
 * GROUP_SIZE fields, which runs them one after another, synchronously.
 *
 * In groups, so that their loaders still batch: the loads a group makes are all in place before
 * DataLoader sends its batch (after the microtasks). A setImmediate per field ran the microtasks,
 * and so a dispatch, between two fields: a busy machine sent one legacy call per entity (CI saw 7
 * akta-lahir statements for 7 residents). A group holds a page of entities (worklists and searches
 * page at most 100).
 *
 * Not all of them in one callback: Node runs the microtasks between two setImmediate callbacks,
 * and a field's real work (its subtree) happens there. So before each group the clock is read
 * again, and once the loop has been held for MAX_TURN_MS the remaining groups wait for the next
 * turn: a hostile query's frontier of hundreds of thousands of fields gets a bounded share of each
 * turn, as health checks and other callers need.
 */
const GROUP_SIZE = 128;
/** The group that fields waiting now join; a new one opens when it is full or has started. */
let openGroup: Array<() => void> | undefined;

function runGroup(group: Array<() => void>): void {
  if (group === openGroup) openGroup = undefined;
  if (performance.now() - lastTick > MAX_TURN_MS) {
    setImmediate(runGroup, group);
    return;
  }
  for (const field of group) field();
}

/** Runs `field` in a later turn, with the group it joins; its result (or its throw) settles the promise. */
function inNextTurn(field: () => unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!openGroup || openGroup.length >= GROUP_SIZE) {
      openGroup = [];
      setImmediate(runGroup, openGroup);
    }
    openGroup.push(() => {
      try {
        resolve(field());
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * graphql-js 16 has no cancellation: once a query runs, it resolves every field it can, even after
 * the caller left or the deadline passed. A query nesting `family { members { family { ... } } }`
 * twenty levels deep grows exponentially from loader caches alone, without a single new legacy
 * call, and keeps a subgraph busy (and growing) long after anyone is waiting.
 *
 * So every field with a resolver of its own (the ones that load or build objects; plain property
 * fields are left alone, they are cheap) first checks the request's deadline and throws once it
 * has aborted (a nullable one quietly ends as null; the answer carries one DEADLINE_EXCEEDED, see
 * answerNothingAfterCancellation): the tree stops growing at the frontier it had reached. The check reads the clock,
 * not only the signal, because the deadline's timer cannot fire while execution holds the loop;
 * and when the loop has not turned for MAX_TURN_MS, the field waits for the next turn first.
 */
export function stopResolvingWhenCancelled(schema: GraphQLSchema, deadlineOf: (context: unknown) => Deadline | undefined): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      // After a cancellation a nullable field just ends as null: at the frontier of a huge tree,
      // an error per field (with its stack) costs more than the tree did.
      const nullable = !(field.type instanceof GraphQLNonNull);
      const guarded: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const deadline = deadlineOf(context);
        // The common case, on every such field of every request: no closure, no promise.
        if (performance.now() - lastTick <= MAX_TURN_MS && !(deadline && cancellationOf(deadline))) return resolve(source, args, context, info);
        const attempt = (): unknown => {
          if (deadline && cancellationOf(deadline)) {
            if (nullable) return null;
            throwIfCancelled(deadline);
          }
          return resolve(source, args, context, info);
        };
        // The loop has not turned for MAX_TURN_MS: the field waits for a later turn, with its group.
        return performance.now() - lastTick > MAX_TURN_MS ? inNextTurn(attempt) : attempt();
      };
      field.resolve = guarded;
    }
  }
  return schema;
}

/**
 * When the deadline passed or the caller left, nobody reads this answer: the gateway has given up
 * at the same moment (the subgraph's deadline is what the gateway had left). So the partial tree
 * (possibly huge, for a hostile query) is not serialised and sent; one DEADLINE_EXCEEDED goes back.
 */
export function answerNothingAfterCancellation<C extends BaseContext>(deadlineOf: (context: C) => Deadline | undefined): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const deadline = deadlineOf(contextValue);
          if (response.body.kind !== 'single' || !deadline || !cancellationOf(deadline)) return;
          const errors = response.body.singleResult.errors ?? [];
          const first = errors.find((e) => e.extensions?.code === ErrorCode.DEADLINE_EXCEEDED);
          response.body.singleResult = {
            data: null,
            errors: [first ?? { message: 'The request took longer than its deadline allows.', extensions: { code: ErrorCode.DEADLINE_EXCEEDED, retryable: true } }],
          };
        },
      };
    },
  };
}
