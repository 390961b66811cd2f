import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestContext } from '@core/context/request-context';
import { isPublicError } from '@core/errors';
import type { Logger } from '@core/log';

/**
 * Logs what operators need, with the request id: every unexpected error in full (the client only
 * sees INTERNAL_SERVER_ERROR), and each operation's name, outcome and duration at debug level.
 */
export function loggingPlugin<C extends BaseContext & { request?: RequestContext }>(logger: Logger): ApolloServerPlugin<C> {
  const traceOperations = logger.enabled('debug');
  return {
    async requestDidStart() {
      const started = traceOperations ? performance.now() : 0;
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isPublicError(error.extensions)) continue;
            logger.error('unexpected error', { requestId: contextValue.request?.requestId, path: error.path, error: error.originalError ?? error });
          }
        },
        async willSendResponse({ contextValue, operationName, errors }) {
          if (!traceOperations) return;
          logger.debug('operation', { requestId: contextValue.request?.requestId, operationName, errors: errors?.length ?? 0, ms: Math.round(performance.now() - started) });
        },
      };
    },
  };
}
