import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode } from '@core/errors';

/**
 * graphql-js 16 has no cancellation: once a query runs, it resolves every field it can, even after
 * the caller left or the deadline passed. A query nesting `family { members { family { ... } } }`
 * twenty levels deep grows exponentially from loader caches alone, without a single new legacy
 * call, and keeps a subgraph busy (and growing) long after anyone is waiting.
 *
 * So every field with a resolver of its own (the ones that load or build objects; plain property
 * fields are left alone, they are cheap) first checks the request's deadline and throws once it
 * has aborted: the tree stops growing at the frontier it had reached.
 */
export function stopResolvingWhenCancelled(schema: GraphQLSchema, deadlineOf: (context: unknown) => Deadline | undefined): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      const guarded: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const deadline = deadlineOf(context);
        if (deadline) throwIfCancelled(deadline);
        return resolve(source, args, context, info);
      };
      field.resolve = guarded;
    }
  }
  return schema;
}

/**
 * After a cancellation every frontier field fails with the same error; one is enough for the
 * caller (and keeps the answer small for the gateway to parse).
 */
export function collapseDeadlineErrors<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors || errors.length < 2) return;
          let seen = false;
          response.body.singleResult.errors = errors.filter((e) => {
            if (e.extensions?.code !== ErrorCode.DEADLINE_EXCEEDED) return true;
            if (seen) return false;
            seen = true;
            return true;
          });
        },
      };
    },
  };
}
