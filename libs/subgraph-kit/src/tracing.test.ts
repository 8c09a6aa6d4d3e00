import { buildTracingConfiguration, isTracingStarted, startTracing, tracingSettingsFromEnv } from './tracing';

const OTEL_MODULES = /@opentelemetry[\\/](sdk-node|instrumentation-(http|pg|express|graphql|undici)|exporter-trace-otlp-http)[\\/]/;

describe('tracing', () => {
  it('is off without OTEL_TRACES_EXPORTER, and loads nothing', () => {
    expect(tracingSettingsFromEnv('households', {})).toBeNull();
    expect(tracingSettingsFromEnv('households', { OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
    expect(tracingSettingsFromEnv('households', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(startTracing('households', {})).toBeNull();
    expect(isTracingStarted()).toBe(false);
    expect(Object.keys(require.cache).filter((k) => OTEL_MODULES.test(k))).toEqual([]);
  });

  it('refuses an unknown exporter', () => {
    expect(() => tracingSettingsFromEnv('x', { OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/otlp, console or none/);
  });

  it('reads the endpoint and the service name', () => {
    expect(tracingSettingsFromEnv('schools', { OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({
      exporter: 'otlp',
      endpoint: 'http://localhost:4318/v1/traces',
      serviceName: 'schools',
    });
    expect(
      tracingSettingsFromEnv('schools', {
        OTEL_TRACES_EXPORTER: 'OTLP',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.observability:4318/',
        OTEL_SERVICE_NAME: 'epg-schools',
      }),
    ).toEqual({ exporter: 'otlp', endpoint: 'http://collector.observability:4318/v1/traces', serviceName: 'epg-schools' });
    expect(
      tracingSettingsFromEnv('schools', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' })?.endpoint,
    ).toBe('http://c:4318/custom');
  });

  it('builds an SDK configuration with the exporter, W3C propagation and the instrumentations (no network)', () => {
    const settings = tracingSettingsFromEnv('gateway', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' })!;
    const config = buildTracingConfiguration(settings);
    expect(config.serviceName).toBe('gateway');
    expect(config.metricReaders).toEqual([]);
    expect(config.spanProcessors).toHaveLength(1);
    const processor = config.spanProcessors![0] as unknown as { constructor: { name: string }; _exporter: { constructor: { name: string } } };
    expect(processor.constructor.name).toBe('BatchSpanProcessor');
    expect(processor._exporter.constructor.name).toBe('OTLPTraceExporter');
    expect(config.textMapPropagator?.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));
    const names = config.instrumentations!.flat().map((i) => i.instrumentationName);
    expect(names).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-graphql',
      '@opentelemetry/instrumentation-pg',
    ]);
    for (const i of config.instrumentations!.flat()) i.disable();
    return (config.spanProcessors![0] as { shutdown(): Promise<void> }).shutdown();
  });

  it('uses a simple processor with the console exporter', () => {
    const config = buildTracingConfiguration(tracingSettingsFromEnv('x', { OTEL_TRACES_EXPORTER: 'console' })!);
    const processor = config.spanProcessors![0] as unknown as { constructor: { name: string }; _exporter: { constructor: { name: string } } };
    expect(processor.constructor.name).toBe('SimpleSpanProcessor');
    expect(processor._exporter.constructor.name).toBe('ConsoleSpanExporter');
    for (const i of config.instrumentations!.flat()) i.disable();
  });
});
