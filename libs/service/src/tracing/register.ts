// Imported first by each app's main.ts: the SDK must hook node:http before Fastify and Nest load it.
import { startTracing } from './start-tracing';

startTracing();
