import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, SingleFlight } from '@epg/subgraph-kit';
import type { GatewayContext } from './context';
import type { SubgraphReply, SubgraphTransport } from './subgraph-transport';

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];
type FetcherResponse = Awaited<ReturnType<NonNullable<Fetcher>>>;

/**
 * Subgraph fields whose every read is an audited event (who read which full ID number, why):
 * a call selecting one is never shared with another caller's identical call.
 */
export const AUDITED_READ_FIELDS: readonly string[] = ['idNumber'];
const AUDITED_READ = new RegExp(`\\b(${AUDITED_READ_FIELDS.join('|')})\\b`);

/**
 * Queries can be shared while in flight; mutations and audited reads never are. Judged on the
 * request body the gateway wrote (`{"query":"query …"`), without parsing it again.
 */
export function shareableCall(body: string): boolean {
  return /"query":"\s*(query\b|\{)/.test(body) && !AUDITED_READ.test(body);
}

/**
 * Everything a subgraph's answer may depend on about the caller: the claims of the internal
 * token the gateway itself signed for this request, without what differs per request.
 */
export function callerIdentity(internalToken: string): string {
  // The body hash needs no place here: the sharing key holds the body itself.
  const { rid: _rid, iat: _iat, exp: _exp, bh: _bh, ...claims } = decodeJwt(internalToken);
  return JSON.stringify(claims, Object.keys(claims).sort());
}

/** The Fetch-API face RemoteGraphQLDataSource reads: ok, status, headers.get, json/text. */
function asFetchResponse(url: string, reply: SubgraphReply): FetcherResponse {
  return {
    ok: reply.status >= 200 && reply.status < 300,
    status: reply.status,
    statusText: '',
    url,
    headers: new Headers({ 'content-type': reply.contentType }),
    json: async () => JSON.parse(reply.body) as unknown,
    text: async () => reply.body,
  } as unknown as FetcherResponse;
}

export interface SubgraphDataSourceOptions {
  transport: SubgraphTransport;
  /** Fold identical queries of one caller that overlap in time into one subgraph call. */
  shareInflight: boolean;
}

/**
 * Calls one subgraph: sends an internal token the gateway signs for this very call — bound to
 * this subgraph and the exact body sent, short-lived (never the caller's raw claims) — and the
 * request id; gives up after the transport's timeout; a subgraph
 * that cannot be reached becomes SERVICE_UNAVAILABLE naming the service, never its URL.
 *
 * Identical queries from the same caller (same claims, same subgraph operation and variables)
 * in flight at the same time share one call, like Hive Gateway's in-flight request
 * deduplication — but keyed by the caller, so no answer crosses principals. Each sharer parses
 * the answer text itself: the gateway merges answers into its result tree in place.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inflight = new SingleFlight<SubgraphReply>();
  /** The request being served, for the fetcher (which sees only URL, headers and body). */
  private readonly serving = new AsyncLocalStorage<GatewayContext>();

  constructor(
    readonly serviceName: string,
    url: string,
    options: SubgraphDataSourceOptions,
  ) {
    super({ url });
    this.fetcher = (async (input: string, init: { headers: Record<string, string>; body: string }) => {
      const context = this.serving.getStore();
      const token = context ? await context.internalToken(serviceName, init.body) : init.headers[INTERNAL_TOKEN_HEADER];
      const headers = token ? { ...init.headers, [INTERNAL_TOKEN_HEADER]: token } : init.headers;
      const call = () => options.transport.post(input, headers, init.body);
      const reply =
        options.shareInflight && token && shareableCall(init.body)
          ? await this.inflight.run(`${callerIdentity(token)}\n${input}\n${init.body}`, call)
          : await call();
      return asFetchResponse(input, reply);
    }) as unknown as NonNullable<Fetcher>;
  }

  /** Calls answered by an identical call already in flight. */
  get sharedCalls(): number {
    return this.inflight.shared;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context?.requestId) return;
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
      // Health checks and the like run without a request: no context, no internal token.
      const context = options.context as Partial<GatewayContext> | undefined;
      return await (typeof context?.internalToken === 'function'
        ? this.serving.run(context as GatewayContext, () => super.process(options))
        : super.process(options));
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions?.code && err.extensions.code !== 'INTERNAL_SERVER_ERROR') throw err;
      options.context?.logger?.warn({ service: this.serviceName, err: String(err) }, 'subgraph unavailable');
      throw new GraphQLError(`the ${this.serviceName} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.serviceName },
      });
    }
  }
}
