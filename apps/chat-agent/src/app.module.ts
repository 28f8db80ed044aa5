import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { redisConfig, type RedisConfig } from '@daca/config';
import {
  actorsConfig,
  ActorsModule,
  pubsubConfig,
  PubSubModule,
  type ActorsModuleOptions,
  type PubSubConfig,
} from '@daca/dapr';
import { RetryModule } from '@daca/retry';
import { ServiceModule } from '@daca/service';
import { ChatModule } from './chat/chat.module';
import { ConversationEventsModule } from './conversation-events/conversation-events.module';
import { faultsConfig } from './faults/faults.config';
import { FaultsController } from './faults/faults.controller';

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
    PubSubModule.forRootAsync({
      imports: [ConfigModule.forFeature(pubsubConfig), ConfigModule.forFeature(redisConfig)],
      inject: [pubsubConfig.KEY, redisConfig.KEY],
      useFactory: (pubsub: PubSubConfig, redis: RedisConfig) => ({ ...pubsub, redis }),
    }),
    ChatModule,
    ConversationEventsModule,
  ],
  controllers: [FaultsController],
})
export class AppModule {}
