import '@daca/service/tracing/register';
import { checkEnvironment, redisConfig, serviceConfig, shutdownConfig } from '@daca/config';
import { connectDaprPubSub } from '@daca/dapr';
import { actorsConfig, daprConfig, pubsubConfig } from '@daca/dapr-config';
import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';
import { chatConfig } from './chat/chat.config';
import { faultsConfig } from './faults/faults.config';

checkEnvironment(
  serviceConfig,
  shutdownConfig,
  daprConfig,
  redisConfig,
  actorsConfig,
  pubsubConfig,
  chatConfig,
  faultsConfig,
);
void bootstrapService(AppModule, { beforeListen: connectDaprPubSub });
