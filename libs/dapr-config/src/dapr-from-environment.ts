import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { serviceConfig, type ServiceConfig } from '@daca/config';
import type { ActorsOptions, DaprModuleOptions } from '@daca/dapr';
import { MetricsRegistry } from '@daca/metrics';
import { actorsConfig } from './actors.config';
import { daprConfig, type DaprConfig } from './dapr.config';

/**
 * DaprModule.forRootAsync's options for an app whose settings are all in its environment: the app id of
 * APP_ID, the sidecar of DAPR_*, the app's metrics registry and, with `actors`, the ACTOR_* runtime
 * settings (without them its actors run on the defaults). What `nest g -c @daca/schematics service` wires.
 */
export function daprFromEnvironment({ actors = false } = {}): ConfigurableModuleAsyncOptions<DaprModuleOptions> {
  const features = actors ? [daprConfig, actorsConfig] : [daprConfig];
  return {
    imports: features.map((feature) => ConfigModule.forFeature(feature)),
    inject: [serviceConfig.KEY, MetricsRegistry, ...features.map((feature) => feature.KEY)],
    useFactory: (
      service: ServiceConfig,
      registry: MetricsRegistry,
      dapr: DaprConfig,
      actorOptions?: ActorsOptions,
    ) => ({
      appId: service.appId,
      ...dapr,
      ...(actorOptions && { actors: actorOptions }),
      metrics: { registry },
    }),
  };
}
