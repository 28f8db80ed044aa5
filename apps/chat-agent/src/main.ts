import { bootstrapService } from '@daca/service';
import { AppModule } from './app.module';

void bootstrapService(AppModule);
