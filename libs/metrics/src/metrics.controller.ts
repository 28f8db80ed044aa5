import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { expositionFormatFor } from './exposition-format';
import { MetricsRegistry, OPENMETRICS_TEXT, PROMETHEUS_TEXT } from './metrics.registry';

@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @ApiOperation({ summary: "The app's metrics, for Prometheus to scrape: OpenMetrics when Accept asks for it" })
  @ApiProduces(PROMETHEUS_TEXT, OPENMETRICS_TEXT)
  @ApiOkResponse({ description: "Prometheus' text format 0.0.4, or OpenMetrics 1.0", schema: { type: 'string' } })
  async scrape(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const format = expositionFormatFor(accept);
    void reply.header('content-type', format).header('vary', 'accept');
    return this.registry.exposition(format);
  }
}
