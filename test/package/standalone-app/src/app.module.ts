import { Module } from '@nestjs/common';
import { DaprModule } from '@daca/dapr';
import { GreetingsController } from './greetings.controller';
import { HealthController } from './health.controller';
import { VisitorActor } from './visitor.actor';

@Module({
  imports: [
    DaprModule.forRoot({
      appId: process.env.APP_ID ?? 'visitors',
      sidecarUrl: `http://127.0.0.1:${process.env.DAPR_HTTP_PORT ?? '3500'}`,
      apiToken: process.env.DAPR_API_TOKEN,
    }),
  ],
  controllers: [HealthController, GreetingsController],
  providers: [VisitorActor],
})
export class AppModule {}
