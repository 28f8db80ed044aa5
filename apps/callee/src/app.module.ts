import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DaprModule } from '@daca/dapr';
import { daprFromEnvironment } from '@daca/dapr-config';
import { ServiceModule } from '@daca/service';
import { failureSimulationConfig } from './greeting/failure-simulation.config';
import { FailureSimulator } from './greeting/failure-simulator';
import { GreetingController } from './greeting/greeting.controller';
import { GreetingService } from './greeting/greeting.service';
import { RANDOM_SOURCE } from './greeting/random-source';

@Module({
  imports: [
    ServiceModule,
    DaprModule.forRootAsync(daprFromEnvironment()),
    ConfigModule.forFeature(failureSimulationConfig),
  ],
  controllers: [GreetingController],
  providers: [FailureSimulator, GreetingService, { provide: RANDOM_SOURCE, useValue: Math.random }],
})
export class AppModule {}
