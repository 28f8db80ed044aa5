import { connectDaprPubSub } from '@daca/dapr';
import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';

void bootstrapService(AppModule, { beforeListen: connectDaprPubSub });
