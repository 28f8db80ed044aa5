import { Module } from '@nestjs/common';
import { ServiceModule } from '@daca/service';
import { CalleeClient } from './greeting/callee.client';
import { GreetingController } from './greeting/greeting.controller';

@Module({
  imports: [ServiceModule],
  controllers: [GreetingController],
  providers: [CalleeClient],
})
export class AppModule {}
