import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { signUserToken, type AuthConfig } from '@epg/auth';
import { GraphQLError } from 'graphql';

/**
 * How a service reads another service's facts for its batch jobs: through the gateway, with
 * a short-lived SERVICE credential (read-only) scoped to the region the job works on — never
 * by reading the owner's tables.
 */
export interface ServiceGraph {
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables> | DocumentNode | string,
    variables: TVariables,
    regionCode: string,
  ): Promise<TData>;
}

export interface ServiceGraphOptions {
  service: string;
  /** Resolved at call time: in-process graphs learn the gateway's port after the subgraphs start. */
  gatewayUrl: () => string | undefined;
  auth: Pick<AuthConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>;
  timeoutMs?: number;
}

export function createServiceGraph(options: ServiceGraphOptions): ServiceGraph {
  return {
    async request(document, variables, regionCode) {
      const url = options.gatewayUrl();
      if (!url) throw unavailable(`${options.service} does not know the gateway URL (set GATEWAY_URL)`);
      const token = await signUserToken(
        { subject: `service:${options.service}`, role: 'SERVICE', regionCode, scopes: [] },
        options.auth,
        '5m',
      );
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (err) {
        throw unavailable(`the graph could not be reached: ${String(err)}`);
      }
      const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message: string }[] } | null;
      if (!body || body.errors?.length || body.data == null) {
        const reason = body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
        throw unavailable(`a read through the graph failed: ${reason}`);
      }
      return body.data as never;
    },
  };
}

function unavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
}
