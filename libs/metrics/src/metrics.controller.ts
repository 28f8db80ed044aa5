import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsRegistry } from './metrics.registry';

@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: "The app's metrics, for Prometheus to scrape" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: "Prometheus' text format 0.0.4", schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
