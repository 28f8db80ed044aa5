import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { appTokenConfig, serviceConfig, shutdownConfig, type ServiceConfig } from '@daca/config';
import { DependenciesModule } from '@daca/dependencies';
import { MetricsModule } from '@daca/metrics';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { HealthController } from './health/health.controller';
import { LoadShedder } from './load-shedding/load-shedder';
import { loggerParams } from './logging';

/**
 * What every daca-nest service has: validated configuration, JSON logs, one error shape,
 * /health/live and /health/ready (with the state of its dependencies and of the Dapr sidecar that the
 * app's DaprModule provides), /metrics and load shedding at the door.
 */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [serviceConfig, shutdownConfig, appTokenConfig],
    }),
    LoggerModule.forRootAsync({
      inject: [serviceConfig.KEY],
      useFactory: (service: ServiceConfig) => loggerParams(service),
    }),
    // Readiness failures are answers, not errors: each dependency logs its own outages (DependencyMonitor).
    TerminusModule.forRoot({ logger: false }),
    MetricsModule,
    DependenciesModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, LoadShedder],
})
export class ServiceModule {}
