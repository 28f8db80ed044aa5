import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DaprFaultsModule } from '@daca/dapr/testing';
import { faultsConfig } from './faults.config';
import { FaultsController } from './faults.controller';

/**
 * `/faults/{kind}`. The fault hooks on actor state, deliveries and publishing exist only with
 * FAULT_INJECTION_ENABLED=true: otherwise the hot paths have none to check.
 */
@Module({})
export class FaultsModule {
  static register(): DynamicModule {
    return {
      module: FaultsModule,
      imports: [ConfigModule.forFeature(faultsConfig), ...(faultsConfig().enabled ? [DaprFaultsModule] : [])],
      controllers: [FaultsController],
    };
  }
}
