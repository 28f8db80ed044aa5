import { NestFactory } from '@nestjs/core';
import { connectDaprPubSub } from '@daca/dapr';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  await connectDaprPubSub(app);
  await app.listen(Number(process.env.APP_PORT ?? '3000'), '127.0.0.1');
}

void bootstrap();
