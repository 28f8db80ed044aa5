import { Module } from '@nestjs/common';
import { CalleeClient } from './callee.client';

/** The caller's clients of other apps, on ServiceInvoker (DaprModule's, global). */
@Module({
  providers: [CalleeClient],
  exports: [CalleeClient],
})
export class InvocationModule {}
