import { ConfigModule } from '@nestjs/config';
import { DaprModule } from '@daca/dapr';
import { daprConfig, type DaprConfig } from '@daca/dapr-config';
import { MetricsRegistry } from '@daca/metrics';
import { resiliencyConfig, ResiliencyPolicies, type ResiliencyConfig } from '@daca/retry';
import { invocationConfig, type InvocationConfig } from './invocation/invocation.config';

/**
 * The caller's Dapr: its sidecar, and what its resiliency.yaml and INVOKE_DEADLINE say of invocations.
 * The app id is the one the Resiliency resources are scoped to: the one-shot mode has no APP_PORT.
 */
export const CallerDaprModule = DaprModule.forRootAsync({
  imports: [
    ConfigModule.forFeature(resiliencyConfig),
    ConfigModule.forFeature(daprConfig),
    ConfigModule.forFeature(invocationConfig),
  ],
  inject: [resiliencyConfig.KEY, daprConfig.KEY, invocationConfig.KEY, ResiliencyPolicies, MetricsRegistry],
  useFactory: (
    resiliency: ResiliencyConfig,
    dapr: DaprConfig,
    invocation: InvocationConfig,
    policies: ResiliencyPolicies,
    registry: MetricsRegistry,
  ) => ({ appId: resiliency.appId, ...dapr, invocation: { ...invocation, policies }, metrics: { registry } }),
});
