import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

interface DaprConfiguration {
  spec: { tracing?: { samplingRate?: string; otel?: Record<string, unknown> } };
}

/**
 * Writes the Dapr Configuration that the stack's sidecars run with: the repository's, its tracing
 * aimed at the stack's OTLP endpoint (host:port), or, without one, sampling nothing, so that daprd does
 * not record spans that nobody would receive.
 */
export function writeDaprdConfiguration(source: string, target: string, otlpEndpoint: string | undefined): void {
  const configuration = parse(readFileSync(source, 'utf8')) as DaprConfiguration;
  configuration.spec.tracing = otlpEndpoint
    ? {
        ...configuration.spec.tracing,
        otel: { ...configuration.spec.tracing?.otel, endpointAddress: otlpEndpoint },
      }
    : { samplingRate: '0' };
  writeFileSync(target, stringify(configuration));
}
