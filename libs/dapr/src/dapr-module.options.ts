import type { Registry } from 'prom-client';
import type { ActorsOptions } from './actors/actors.options';
import type { InvocationOptions } from './invocation/invocation.options';
import type { PubSubOptions } from './pubsub/pubsub.options';

/** Where @daca/dapr registers its Prometheus series. */
export interface DaprMetricsOptions {
  /** The app's registry, the one its `/metrics` serves (default: prom-client's global registry). */
  registry?: Registry;
  /** What every series name starts with (default `daca_`, e.g. `daca_actor_calls_total`). */
  prefix?: string;
}

/** The options of `DaprModule.forRoot` and `forRootAsync`. */
export interface DaprModuleOptions {
  /** This app's Dapr app id (daprd's `--app-id`). */
  appId: string;
  /** Where the app's own sidecar serves its HTTP API, e.g. `http://127.0.0.1:3500`. */
  sidecarUrl: string;
  /** Sent as `dapr-api-token` on every call to the sidecar when daprd requires one (its `DAPR_API_TOKEN`). */
  apiToken?: string;
  /** Actor hosting and calls (default: Dapr's runtime defaults, see ActorsOptions). */
  actors?: ActorsOptions;
  /** Publishing events; without it, DaprEventPublisher refuses to publish. */
  pubsub?: PubSubOptions;
  /** Service invocation through ServiceInvoker. */
  invocation?: InvocationOptions;
  metrics?: DaprMetricsOptions;
}
