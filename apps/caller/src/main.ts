import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';
import { greetOnce } from './one-shot';

// `node dist/apps/caller/main.js --once <name>`: one call, then exit (the lab's caller script).
const once = process.argv.indexOf('--once');
if (once === -1) void bootstrapService(AppModule);
else void greetOnce(process.argv[once + 1] ?? 'Dapr User');
