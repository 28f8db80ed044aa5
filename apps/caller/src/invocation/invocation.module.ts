import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CalleeClient } from './callee.client';
import { invocationConfig } from './invocation.config';
import { ServiceInvoker } from './service-invoker';

/** Calls to other apps through the sidecar; needs DaprModule and RetryModule (both global). */
@Module({
  imports: [ConfigModule.forFeature(invocationConfig)],
  providers: [ServiceInvoker, CalleeClient],
  exports: [ServiceInvoker, CalleeClient],
})
export class InvocationModule {}
