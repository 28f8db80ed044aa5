import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DaprModuleOptions } from './dapr-module.options';

export const { ConfigurableModuleClass: DaprModuleBase, MODULE_OPTIONS_TOKEN: DAPR_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<DaprModuleOptions>().setClassMethodName('forRoot').build();
