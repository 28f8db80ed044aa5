import '@daca/service/tracing/register';
import { checkEnvironment, redisConfig, serviceConfig, shutdownConfig } from '@daca/config';
import { daprConfig } from '@daca/dapr-config';
import { resiliencyConfig } from '@daca/retry';
import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';
import { invocationConfig } from './invocation/invocation.config';
import { jobsConfig } from './jobs/jobs.config';
import { greetOnce } from './one-shot';

// `node dist/apps/caller/main.js --once <name>`: one call, then exit (the lab's caller script).
const once = process.argv.indexOf('--once');
if (once === -1) {
  checkEnvironment(
    serviceConfig,
    shutdownConfig,
    daprConfig,
    redisConfig,
    resiliencyConfig,
    invocationConfig,
    jobsConfig,
  );
  void bootstrapService(AppModule);
} else {
  void greetOnce(process.argv[once + 1] ?? 'Dapr User');
}
