import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '@epg/subgraph-kit';
import type { GatewayContext } from './context';

/**
 * Calls one subgraph: forwards the per-request internal token the gateway signed (never the
 * caller's raw claims) and the request id; gives up after a timeout; a subgraph that cannot be
 * reached becomes SERVICE_UNAVAILABLE naming the service, never its URL.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
    timeoutMs: number,
  ) {
    super({
      url,
      fetcher: ((input: string, init: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context?.internalToken) return;
    headers.set(INTERNAL_TOKEN_HEADER, context.internalToken);
    headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  /**
   * A subgraph answers HTTP 400 with GraphQL errors when it refuses the request itself (e.g. a
   * variable that is not a real Date): pass its first error on with its code instead of
   * reporting the service as broken.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions?.response as { body?: { errors?: { message?: string; extensions?: { code?: string } }[] } } | undefined)?.body;
    const first = response.status === 400 ? body?.errors?.[0] : undefined;
    if (first?.message && first.extensions?.code) {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return error;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    try {
      return await super.process(options);
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions?.code && err.extensions.code !== 'INTERNAL_SERVER_ERROR') throw err;
      options.context?.logger?.warn({ service: this.serviceName, err: String(err) }, 'subgraph unavailable');
      throw new GraphQLError(`the ${this.serviceName} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.serviceName },
      });
    }
  }
}
