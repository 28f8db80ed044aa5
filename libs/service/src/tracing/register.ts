// Imported first by each app's main.ts: the SDK must hook node:http before Fastify and Nest load it.
import { tracingRequested } from './tracing-requested';

// The SDK and its instrumentations take a good part of a second to load: only when traces are asked for.
if (tracingRequested(process.env)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./start-tracing') as typeof import('./start-tracing')).startTracing();
}
