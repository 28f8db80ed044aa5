import { Controller, Get } from '@nestjs/common';

/** What the sidecar's app health check probes. */
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}
