import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { serviceConfig, type ServiceConfig } from '@daca/config';
import { DaprModule } from '@daca/dapr';
import { MetricsModule } from '@daca/metrics';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { HealthController } from './health/health.controller';
import { LoadShedder } from './load-shedding/load-shedder';
import { loggerParams } from './logging';

/**
 * What every daca-nest service has: validated configuration, JSON logs, one error shape,
 * /health/live and /health/ready, /metrics, load shedding at the door, and its Dapr sidecar.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [serviceConfig] }),
    LoggerModule.forRootAsync({
      inject: [serviceConfig.KEY],
      useFactory: (service: ServiceConfig) => loggerParams(service),
    }),
    TerminusModule,
    MetricsModule,
    DaprModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, LoadShedder],
})
export class ServiceModule {}
