import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { serviceConfig, type ServiceConfig } from '@daca/config';
import { DaprModule } from '@daca/dapr';
import { daprConfig, type DaprConfig } from '@daca/dapr-config';
import { MetricsRegistry } from '@daca/metrics';
import { ServiceModule } from '@daca/service';
import { failureSimulationConfig } from './greeting/failure-simulation.config';
import { FailureSimulator } from './greeting/failure-simulator';
import { GreetingController } from './greeting/greeting.controller';
import { GreetingService } from './greeting/greeting.service';
import { RANDOM_SOURCE } from './greeting/random-source';

@Module({
  imports: [
    ServiceModule,
    DaprModule.forRootAsync({
      imports: [ConfigModule.forFeature(daprConfig)],
      inject: [serviceConfig.KEY, daprConfig.KEY, MetricsRegistry],
      useFactory: (service: ServiceConfig, dapr: DaprConfig, registry: MetricsRegistry) => ({
        appId: service.appId,
        ...dapr,
        metrics: { registry },
      }),
    }),
    ConfigModule.forFeature(failureSimulationConfig),
  ],
  controllers: [GreetingController],
  providers: [FailureSimulator, GreetingService, { provide: RANDOM_SOURCE, useValue: Math.random }],
})
export class AppModule {}
