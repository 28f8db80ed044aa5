import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServiceModule } from '@daca/service';
import { failureSimulationConfig } from './greeting/failure-simulation.config';
import { FailureSimulator } from './greeting/failure-simulator';
import { GreetingController } from './greeting/greeting.controller';

@Module({
  imports: [ServiceModule, ConfigModule.forFeature(failureSimulationConfig)],
  controllers: [GreetingController],
  providers: [FailureSimulator],
})
export class AppModule {}
