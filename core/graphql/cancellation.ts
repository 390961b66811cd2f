import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLNonNull, GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { cancellationOf, throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode } from '@core/errors';
import { inNextTurn, turnIsOver } from './turns';

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
 * and when the loop has not turned for a while, the field waits for a later turn first
 * (./turns: the request's loaders wait for it, so their batches stay whole).
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
        if (!turnIsOver() && !(deadline && cancellationOf(deadline))) return resolve(source, args, context, info);
        const attempt = (): unknown => {
          if (deadline && cancellationOf(deadline)) {
            if (nullable) return null;
            throwIfCancelled(deadline);
          }
          return resolve(source, args, context, info);
        };
        // The loop has not turned for a while: the field waits for a later turn (./turns).
        return turnIsOver() ? inNextTurn(attempt, deadline) : attempt();
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
