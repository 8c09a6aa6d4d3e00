import path from 'node:path';
import { z } from 'zod';
import { GATEWAY_DEFAULT_PORT, SUBGRAPHS, subgraphUrl } from '@epg/subgraph-kit';
import { DEVELOPMENT_CORS_ORIGINS, parseCorsOrigins } from './cors';

/** "true"/"false"/"1"/"0" from the environment; absent → undefined (a default decides). */
const envBoolean = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** Who must send a document from the trusted-documents allow-list. */
export const TRUSTED_DOCUMENT_MODES = ['off', 'integrations', 'required'] as const;
export type TrustedDocumentMode = (typeof TRUSTED_DOCUMENT_MODES)[number];

export const gatewayConfigSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_DEFAULT_PORT),
  /** Where `/metrics` is served (never on PORT); default PORT + 1000. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The supergraph: a file (in Kubernetes the environment's ConfigMap) … */
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '../supergraph.graphql')),
  /** … or a URL serving it (read instead of SUPERGRAPH_PATH when set). */
  SUPERGRAPH_URL: z.string().url().optional(),
  /** Seconds between reads of the supergraph (a valid change is swapped in without a restart); 0: read once. */
  SUPERGRAPH_POLL_SECONDS: z.coerce.number().min(0).max(86_400).default(10),
  /** A subgraph call that takes longer is abandoned (its fields become errors). */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Keep-alive connections the gateway opens to each subgraph at most. */
  SUBGRAPH_CONNECTIONS: positiveInt(10_000).default(64),
  /**
   * Identical queries of one caller in flight at the same time share one subgraph call (never
   * across callers, never mutations or audited reads). "false" sends every call.
   */
  SHARE_INFLIGHT_QUERIES: envBoolean,
  BODY_LIMIT: z.string().default('16mb'),
  /** Express "trust proxy": false (default), true, a hop count or a list of addresses. */
  TRUST_PROXY: z.string().default('false'),

  // Query limits. Depth, aliases, directives and tokens: graphql-armor. The deepest contract
  // operation has depth 7, the longest ~110 tokens; the defaults leave room for new operations.
  MAX_DEPTH: positiveInt(100).default(10),
  MAX_ALIASES: positiveInt(1000).default(15),
  MAX_DIRECTIVES: positiveInt(1000).default(20),
  MAX_TOKENS: positiveInt(100_000).default(1000),
  /**
   * Cost (src/cost): each field costs COST_FIELD_WEIGHT, multiplied by the size of every list
   * above it (`first`, variables included, or the list's `@listSize(assumedSize:)`, else
   * COST_DEFAULT_LIST_SIZE). The costliest contract operation at its largest page is the
   * 500-row HouseholdRoster (~48,000 with up to 12 members a household; see
   * cost/contract-cost.test.ts). `npm run bench -- worst-query` measures the costliest query this admits.
   */
  MAX_COST: positiveInt(Number.MAX_SAFE_INTEGER).default(50_000),
  COST_FIELD_WEIGHT: positiveInt(1000).default(1),
  COST_DEFAULT_LIST_SIZE: positiveInt(100_000).default(50),
  /** Operations in one batched (JSON array) request; 1 turns batching off. */
  MAX_BATCH_SIZE: positiveInt(50).default(1),
  /** Hide "Did you mean …" hints; default: on in production. */
  BLOCK_FIELD_SUGGESTIONS: envBoolean,

  /**
   * Requests per principal (or per IP when unauthenticated) per window; 0 turns the limit off.
   * Default 600, but off under NODE_ENV=test (jest): suites drive whole graphs with one subject.
   */
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(0).max(1_000_000).optional(),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(86_400).default(60),
  /**
   * Requests per SERVICE credential (our own batch jobs paging through change feeds: a province's
   * first projection fill is thousands of pages) per window; 0 turns their limit off.
   */
  RATE_LIMIT_SERVICE_REQUESTS: z.coerce.number().int().min(0).max(10_000_000).default(60_000),

  /** off | integrations (INTEGRATION tokens run only trusted documents) | required (everyone). */
  TRUSTED_DOCUMENTS: z.enum(TRUSTED_DOCUMENT_MODES).default('integrations'),
  /**
   * The allow-list: hash → document manifests (`*.json`, graphql-codegen client-preset persisted
   * documents; one per team, the contract's is tools/contract/trusted-documents/contract.json) and
   * GraphQL sources (`*.graphql`). Read again every TRUSTED_DOCUMENTS_POLL_SECONDS.
   */
  TRUSTED_DOCUMENTS_DIR: z.string().default(path.resolve(__dirname, '../../../tools/contract/trusted-documents')),
  /** Seconds between reads of TRUSTED_DOCUMENTS_DIR (a new manifest applies without a restart); 0: read once. */
  TRUSTED_DOCUMENTS_POLL_SECONDS: z.coerce.number().min(0).max(86_400).default(10),

  /**
   * The self-hosted GraphiQL at GET /graphql (browsers): on by default outside production, off in
   * production unless "on" (it turns introspection on too, still for authenticated callers only).
   */
  EXPLORER: z.enum(['on', 'off']).optional(),
  /**
   * Browser origins allowed to call the graph (CORS), comma-separated: `https://app.example.gov.cn`
   * or `http://localhost:*` (any port). Default: the local origins outside production, none in it.
   */
  CORS_ORIGINS: z.string().optional(),
});

type ParsedConfig = z.infer<typeof gatewayConfigSchema>;

export type GatewayConfig = Omit<ParsedConfig, 'BLOCK_FIELD_SUGGESTIONS' | 'TRUST_PROXY' | 'RATE_LIMIT_REQUESTS' | 'SHARE_INFLIGHT_QUERIES' | 'EXPLORER' | 'CORS_ORIGINS'> & {
  EXPLORER: boolean;
  CORS_ORIGINS: string[];
  BLOCK_FIELD_SUGGESTIONS: boolean;
  SHARE_INFLIGHT_QUERIES: boolean;
  RATE_LIMIT_REQUESTS: number;
  TRUST_PROXY: boolean | number | string;
  subgraphUrls: Record<string, string>;
};

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid gateway configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, subgraphUrl(s.name, env)]));
  const data = parsed.data;
  return {
    ...data,
    BLOCK_FIELD_SUGGESTIONS: data.BLOCK_FIELD_SUGGESTIONS ?? data.NODE_ENV === 'production',
    SHARE_INFLIGHT_QUERIES: data.SHARE_INFLIGHT_QUERIES ?? true,
    TRUST_PROXY: trustProxy(data.TRUST_PROXY),
    CORS_ORIGINS:
      data.CORS_ORIGINS === undefined ? (data.NODE_ENV === 'production' ? [] : [...DEVELOPMENT_CORS_ORIGINS]) : parseCorsOrigins(data.CORS_ORIGINS),
    EXPLORER: data.EXPLORER === undefined ? data.NODE_ENV !== 'production' : data.EXPLORER === 'on',
    RATE_LIMIT_REQUESTS: data.RATE_LIMIT_REQUESTS ?? (data.NODE_ENV === 'test' ? 0 : 600),
    subgraphUrls,
  };
}
