import '@daca/service/tracing/register';
import { checkEnvironment, serviceConfig, shutdownConfig } from '@daca/config';
import { daprConfig } from '@daca/dapr-config';
import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';
import { failureSimulationConfig } from './greeting/failure-simulation.config';

checkEnvironment(serviceConfig, shutdownConfig, daprConfig, failureSimulationConfig);
void bootstrapService(AppModule);
