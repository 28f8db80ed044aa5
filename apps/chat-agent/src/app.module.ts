import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { actorsConfig, ActorsModule, type ActorsModuleOptions } from '@daca/dapr';
import { RetryModule } from '@daca/retry';
import { ServiceModule } from '@daca/service';
import { ChatModule } from './chat/chat.module';
import { faultsConfig } from './faults/faults.config';
import { StateFaultsController } from './faults/state-faults.controller';

@Module({
  imports: [
    ServiceModule,
    RetryModule,
    ConfigModule.forFeature(faultsConfig),
    ActorsModule.forRootAsync({
      imports: [ConfigModule.forFeature(actorsConfig)],
      inject: [actorsConfig.KEY],
      useFactory: (options: ActorsModuleOptions) => options,
    }),
    ChatModule,
  ],
  controllers: [StateFaultsController],
})
export class AppModule {}
