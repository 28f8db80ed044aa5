import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DaprModule } from '@daca/dapr';
import { MetricsModule } from '@daca/metrics';
import { RetryModule } from '@daca/retry';
import { InvocationModule } from './invocation/invocation.module';

/** Just what one call to the callee needs: no HTTP server, no job workers. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    MetricsModule,
    DaprModule,
    RetryModule,
    InvocationModule,
  ],
})
export class OneShotModule {}
