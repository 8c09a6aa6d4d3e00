import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';

/**
 * One log line per operation: request id, subject (from the context's logger), operation name,
 * HTTP status, error codes and duration. Never the document, the variables or a header.
 */
export function requestLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response, errors }) {
          contextValue.logger.info(
            {
              operationName: operationName ?? null,
              status: response.http.status ?? 200,
              errorCodes: errors?.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
              ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
            },
            'operation',
          );
        },
      };
    },
  };
}
