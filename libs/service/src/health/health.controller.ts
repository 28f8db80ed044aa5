import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MemoryHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DaprSidecarHealthIndicator } from '@daca/dapr';
import { DependenciesHealthIndicator } from '@daca/dependencies';

const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

@ApiTags('observability')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly sidecar: DaprSidecarHealthIndicator,
    private readonly dependencies: DependenciesHealthIndicator,
  ) {}

  /** The process serves requests and its heap is sane: daprd's app health check and k8s liveness. */
  @Get('live')
  @ApiOperation({ summary: "Liveness: the process serves requests and its heap is sane (daprd's app health check)" })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES)]);
  }

  /** The app can do its work: its Dapr sidecar and every dependency it declared (Redis, …) are up. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the Dapr sidecar and every dependency the app declared are up' })
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES),
        () => this.sidecar.isHealthy(),
        ...this.dependencies.checks(),
      ]);
    } catch (error) {
      // Not ready is an answer, not a failure of the app: no error log for every probe.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
