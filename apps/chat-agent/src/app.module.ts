import { Module } from '@nestjs/common';
import { ServiceModule } from '@daca/service';

@Module({ imports: [ServiceModule] })
export class AppModule {}
