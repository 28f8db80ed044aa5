import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { daprConfig } from './dapr.config';
import { DaprSidecar } from './sidecar/dapr-sidecar';
import { DaprSidecarHealthIndicator } from './sidecar/dapr-sidecar.health';

/** The app's Dapr sidecar: HTTP access and a health indicator. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(daprConfig), TerminusModule],
  providers: [DaprSidecar, DaprSidecarHealthIndicator],
  exports: [DaprSidecar, DaprSidecarHealthIndicator],
})
export class DaprModule {}
