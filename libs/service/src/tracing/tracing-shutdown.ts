// Set by startTracing; none while tracing is off. Kept apart from the SDK so that importing it loads none.
let shutdownSdk: (() => Promise<void>) | undefined;

/** What shutDownTracing runs: the started SDK's shutdown. */
export function onTracingShutdown(shutdown: () => Promise<void>): void {
  shutdownSdk = shutdown;
}

/**
 * Exports the spans still waiting for their batch (up to OTEL_BSP_SCHEDULE_DELAY, 5 s by default) and
 * stops the SDK: without it the spans of the last requests before an exit never leave the process.
 */
export async function shutDownTracing(): Promise<void> {
  await shutdownSdk?.();
}
