import { trace } from '@opentelemetry/api';

/**
 * Names the HTTP server span of the request being routed `GET /chat/:actorId` rather than the bare
 * method the HTTP instrumentation can tell (it runs before any router), and records the route.
 */
export function nameServerSpan(method: string, route: string | undefined): void {
  if (route === undefined) return;
  trace.getActiveSpan()?.updateName(`${method} ${route}`).setAttribute('http.route', route);
}
