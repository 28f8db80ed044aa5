import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ActorClient } from '@daca/dapr';
import { DaprTestingModule, InMemorySidecar } from '@daca/dapr/testing';
import { VisitorActor } from './visitor.actor';
import { VisitorContract } from './visitor.contract';

@Module({ imports: [DaprTestingModule.forRoot()], providers: [VisitorActor] })
class InMemoryModule {}

/** The same actor on @daca/dapr/testing's in-memory sidecar, without daprd: prints its state after a visit and its reminder. */
async function check(): Promise<void> {
  const app = await NestFactory.create(InMemoryModule, { logger: false });
  await app.init();
  const visitor = app.get(ActorClient).proxy(VisitorContract, 'ada');
  await visitor.visit();
  await app.get(InMemorySidecar).fireReminder('Visitor', 'ada', 'Remind');
  process.stdout.write(JSON.stringify(await visitor.get()));
  await app.close();
}

void check();
