import path from 'node:path';
import { z } from 'zod';
import { GATEWAY_DEFAULT_PORT, SUBGRAPHS, subgraphUrl } from '@epg/subgraph-kit';

export const gatewayConfigSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_DEFAULT_PORT),
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '../supergraph.graphql')),
  /** A subgraph call that takes longer is abandoned (its fields become errors). */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  BODY_LIMIT: z.string().default('16mb'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema> & { subgraphUrls: Record<string, string> };

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid gateway configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, subgraphUrl(s.name, env)]));
  return { ...parsed.data, subgraphUrls };
}
