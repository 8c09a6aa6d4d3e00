// OpenTelemetry traces: gateway → every subgraph → SQL. Off unless OTEL_TRACES_EXPORTER is set.
//
// This module imports nothing but types at load time: the SDK and the instrumentations are
// required only when tracing is enabled, so tests and `npm start` pay nothing. A process turns it
// on by calling `startTracing()` before anything loads http, express, graphql or pg (each
// `apps/*/src/main.ts` does, then imports the service dynamically).
import type * as SdkNode from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

export type TracesExporter = 'otlp' | 'console';

export interface TracingSettings {
  exporter: TracesExporter;
  /** OTLP/HTTP traces endpoint (`…/v1/traces`), for `otlp`. */
  endpoint: string;
  serviceName: string;
}

const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
/** Probe and scrape traffic is not traced. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * What the environment asks for: `null` (tracing off) unless `OTEL_TRACES_EXPORTER` is `otlp` or
 * `console`; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` also turn it off.
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (full URL) or `OTEL_EXPORTER_OTLP_ENDPOINT` (base URL,
 * `/v1/traces` appended) say where spans go; `OTEL_SERVICE_NAME` overrides the service name.
 */
export function tracingSettingsFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | null {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return null;
  const exporter = (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase();
  if (exporter === '' || exporter === 'none') return null;
  if (exporter !== 'otlp' && exporter !== 'console') {
    throw new Error(`OTEL_TRACES_EXPORTER must be otlp, console or none (got "${exporter}")`);
  }
  const base = (env.OTEL_EXPORTER_OTLP_ENDPOINT || DEFAULT_OTLP_ENDPOINT).replace(/\/+$/, '');
  return {
    exporter,
    endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${base}/v1/traces`,
    serviceName: env.OTEL_SERVICE_NAME || defaultServiceName,
  };
}

/**
 * The NodeSDK configuration for these settings: one span processor with the chosen exporter,
 * W3C trace-context + baggage propagation, and the http (incoming and outgoing), undici (the
 * gateway's `fetch` to subgraphs), express, graphql and pg instrumentations. No metric readers
 * and no log exporters (metrics are Prometheus via `/metrics`, logs are pino on stdout).
 * Nothing here opens a connection.
 */
export function buildTracingConfiguration(settings: TracingSettings): Partial<NodeSDKConfiguration> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { tracing, core } = sdk;

  let spanProcessor: InstanceType<typeof tracing.SimpleSpanProcessor> | InstanceType<typeof tracing.BatchSpanProcessor>;
  if (settings.exporter === 'console') {
    spanProcessor = new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter());
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    spanProcessor = new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }));
  }

  return {
    serviceName: settings.serviceName,
    spanProcessors: [spanProcessor],
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]),
      }),
      new UndiciInstrumentation(),
      new ExpressInstrumentation(),
      // No argument values (they may hold ID numbers), no spans for trivial field reads.
      new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true, mergeItems: true, depth: 4 }),
      // SQL text only, never the bound parameters.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  };
}

interface StartedTracing {
  settings: TracingSettings;
  shutdown(): Promise<void>;
}

let started: StartedTracing | null = null;

/**
 * Starts the OpenTelemetry SDK when the environment enables it (once per process); otherwise
 * does nothing and loads nothing. Call it before anything imports http, express, graphql or pg.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | null {
  if (started) return started.settings;
  const settings = tracingSettingsFromEnv(defaultServiceName, env);
  if (!settings) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const sdk = new NodeSDK(buildTracingConfiguration(settings));
  sdk.start();
  started = { settings, shutdown: () => sdk.shutdown() };
  return settings;
}

/** Flushes and stops the SDK if it was started (graceful shutdown); never throws. */
export async function shutdownTracing(): Promise<void> {
  const current = started;
  started = null;
  if (!current) return;
  try {
    await current.shutdown();
  } catch {
    // Exporting the last spans failed: nothing else to do on the way out.
  }
}

export function isTracingStarted(): boolean {
  return started !== null;
}
