import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { GreetingParams } from '@daca/greeting';
import { CalleeClient } from './invocation/callee.client';
import { OneShotModule } from './one-shot.module';

/**
 * The lab's caller script: greets `name` once through the sidecar, prints the callee's JSON and
 * exits 0, or prints why it failed and exits 1 (2 for a name the HTTP API would refuse too).
 */
export async function greetOnce(name: string): Promise<void> {
  const [invalid] = validateSync(plainToInstance(GreetingParams, { name }));
  if (invalid) {
    process.stderr.write(`call-greet refused: ${Object.values(invalid.constraints ?? {}).join('; ')}\n`);
    process.exitCode = 2;
    return;
  }
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
