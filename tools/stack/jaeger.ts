import { join } from 'node:path';
import fixedPorts from './fixed-ports.json';
import { httpProbe, type ProcessSpec } from './managed-process';
import { runInstaller } from './run-installer';

/** The ports of the stack's Jaeger: OTLP in (gRPC, HTTP), its query API and UI, and its query gRPC API. */
export interface JaegerDefinition {
  otlpGrpcPort: number;
  otlpHttpPort: number;
  queryPort: number;
  queryGrpcPort: number;
}

/**
 * Jaeger's own defaults, which OpenTelemetry's defaults expect (OTLP on 4317 and 4318, UI on 16686), kept in
 * fixed-ports.json with the control plane's.
 */
export const DEFAULT_JAEGER_PORTS: JaegerDefinition = fixedPorts.jaeger;

/** Finds or builds the pinned Jaeger (tools/jaeger/install.sh) and returns its binary. */
export function jaegerBinary(rootDir: string): string {
  return runInstaller(rootDir, 'tools/jaeger/install.sh');
}

/** Where the apps and daprd send their spans (OTLP over HTTP). */
export const otlpHttpEndpoint = (jaeger: JaegerDefinition): string => `http://127.0.0.1:${jaeger.otlpHttpPort}`;

/** Jaeger's query API and UI. */
export const jaegerQueryUrl = (jaeger: JaegerDefinition): string => `http://127.0.0.1:${jaeger.queryPort}`;

/** Jaeger with in-memory storage, configured by tools/jaeger/jaeger.yaml on the given ports. */
export function jaegerSpec(binary: string, rootDir: string, jaeger: JaegerDefinition): ProcessSpec {
  return {
    name: 'jaeger',
    command: binary,
    args: ['--config', join(rootDir, 'tools/jaeger/jaeger.yaml')],
    env: {
      JAEGER_OTLP_GRPC_PORT: String(jaeger.otlpGrpcPort),
      JAEGER_OTLP_HTTP_PORT: String(jaeger.otlpHttpPort),
      JAEGER_QUERY_PORT: String(jaeger.queryPort),
      JAEGER_QUERY_GRPC_PORT: String(jaeger.queryGrpcPort),
    },
    health: httpProbe(`${jaegerQueryUrl(jaeger)}/api/services`),
  };
}
