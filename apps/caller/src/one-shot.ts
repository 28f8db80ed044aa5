import { NestFactory } from '@nestjs/core';
import { CalleeClient } from './invocation/callee.client';
import { OneShotModule } from './one-shot.module';

/**
 * The lab's caller script: greets `name` once through the sidecar, prints the callee's JSON and
 * exits 0, or prints why it failed and exits 1.
 */
export async function greetOnce(name: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(OneShotModule, { logger: ['error'] });
  try {
    const answer = await app.get(CalleeClient).greet(name);
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  } catch (error) {
    const body = (error as { getResponse?: () => unknown }).getResponse?.() ?? { message: (error as Error).message };
    process.stderr.write(`call-greet failed: ${JSON.stringify(body)}\n`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}
