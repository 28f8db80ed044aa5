import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ActorCallbackController } from './actor-callback.controller';
import { ActorClient } from './actor-client';
import { ActorHost } from './actor-host';
import { ActorMetrics } from './actor-metrics';
import { ActorStateStore } from './actor-state-store';
import { ActorTurnQueue } from './actor-turn-queue';
import { ActorsModuleBase } from './actors.module-definition';
import { CallChainDepthGuard } from './call-chain-depth.guard';
import { DaprConfigController } from './dapr-config.controller';
import { StateFaultInjector } from '../faults';

/**
 * Hosts the app's `@DaprActor` classes on its own HTTP server (daprd's callback protocol and
 * /dapr/config) and provides ActorClient for typed calls to any actor.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [ActorCallbackController, DaprConfigController],
  providers: [
    ActorHost,
    ActorClient,
    ActorTurnQueue,
    ActorMetrics,
    ActorStateStore,
    StateFaultInjector,
    CallChainDepthGuard,
  ],
  exports: [ActorClient, StateFaultInjector],
})
export class ActorsModule extends ActorsModuleBase {}
