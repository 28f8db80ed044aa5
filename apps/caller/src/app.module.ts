import { Module } from '@nestjs/common';
import { RetryModule } from '@daca/retry';
import { ServiceModule } from '@daca/service';
import { CallerDaprModule } from './caller-dapr.module';
import { ChatRelayController } from './chat-relay/chat-relay.controller';
import { GreetingController } from './greeting/greeting.controller';
import { InvocationModule } from './invocation/invocation.module';
import { JobsModule } from './jobs/jobs.module';

@Module({
  imports: [ServiceModule, RetryModule, CallerDaprModule, InvocationModule, JobsModule],
  controllers: [GreetingController, ChatRelayController],
})
export class AppModule {}
