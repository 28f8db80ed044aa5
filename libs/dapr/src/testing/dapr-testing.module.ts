import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DaprModuleOptions } from '../dapr-module.options';
import { DaprModule } from '../dapr.module';
import { EventOutbox } from '../pubsub/event-outbox';
import { DaprSidecar } from '../sidecar/dapr-sidecar';
import { InMemoryEventOutbox } from './in-memory-event-outbox';
import { InMemorySidecar } from './in-memory-sidecar';

/** The options of `DaprTestingModule.forRoot`: DaprModule's, less what only a real sidecar needs. */
export type DaprTestingOptions = Partial<Omit<DaprModuleOptions, 'sidecarUrl' | 'apiToken' | 'pubsub'>>;

/**
 * DaprModule on an in-memory sidecar, for unit tests of actors and event handlers without daprd or
 * Redis: import `DaprTestingModule.forRoot()` where the app imports `DaprModule.forRoot(...)`, and get
 * the InMemorySidecar to drive and inspect it. Everything else is DaprModule's own code.
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [DaprTestingModule.forRoot()],
 *   providers: [GreeterActor],
 * }).compile();
 * const app = await moduleRef.createNestApplication().init();
 * const sidecar = app.get(InMemorySidecar);
 * ```
 */
@Module({})
export class DaprTestingModule {
  /**
   * `options` default to app id `test-app`, Dapr's actor runtime defaults and a metrics registry of
   * the module's own, so that one test's module never collides with another's series.
   */
  static forRoot(options: DaprTestingOptions = {}): DynamicModule {
    const dapr = DaprModule.forRoot({
      appId: 'test-app',
      sidecarUrl: 'http://in-memory.invalid',
      metrics: { registry: new Registry() },
      ...options,
    });
    // Nest registers a dynamic module's providers after its decorator's, so that these replace
    // DaprModule's sidecar and outbox by token.
    return {
      ...dapr,
      providers: [
        ...(dapr.providers ?? []),
        InMemorySidecar,
        { provide: DaprSidecar, useExisting: InMemorySidecar },
        { provide: EventOutbox, useClass: InMemoryEventOutbox },
      ],
      exports: [...(dapr.exports ?? []), InMemorySidecar],
    };
  }
}
