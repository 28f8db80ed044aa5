import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MetricsModule } from '@daca/metrics';
import { RetryModule } from '@daca/retry';
import { CallerDaprModule } from './caller-dapr.module';
import { InvocationModule } from './invocation/invocation.module';

/** Just what one call to the callee needs: no HTTP server, no job workers. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    MetricsModule,
    RetryModule,
    CallerDaprModule,
    InvocationModule,
  ],
})
export class OneShotModule {}
