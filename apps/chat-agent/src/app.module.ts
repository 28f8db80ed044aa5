import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { redisConfig, serviceConfig, type RedisConfig, type ServiceConfig } from '@daca/config';
import { DaprModule, type ActorsOptions } from '@daca/dapr';
import { actorsConfig, daprConfig, pubsubConfig, type DaprConfig, type PubSubConfig } from '@daca/dapr-config';
import { MetricsRegistry } from '@daca/metrics';
import { ServiceModule } from '@daca/service';
import { ChatModule } from './chat/chat.module';
import { ConversationEventsModule } from './conversation-events/conversation-events.module';
import { FaultsModule } from './faults/faults.module';

@Module({
  imports: [
    ServiceModule,
    DaprModule.forRootAsync({
      imports: [
        ConfigModule.forFeature(daprConfig),
        ConfigModule.forFeature(actorsConfig),
        ConfigModule.forFeature(pubsubConfig),
        ConfigModule.forFeature(redisConfig),
      ],
      inject: [serviceConfig.KEY, daprConfig.KEY, actorsConfig.KEY, pubsubConfig.KEY, redisConfig.KEY, MetricsRegistry],
      useFactory: (
        service: ServiceConfig,
        dapr: DaprConfig,
        actors: ActorsOptions,
        pubsub: PubSubConfig,
        redis: RedisConfig,
        registry: MetricsRegistry,
      ) => ({ appId: service.appId, ...dapr, actors, pubsub: { ...pubsub, redis }, metrics: { registry } }),
    }),
    FaultsModule.register(),
    ChatModule,
    ConversationEventsModule,
  ],
})
export class AppModule {}
