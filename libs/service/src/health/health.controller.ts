import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MemoryHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { DaprSidecarHealthIndicator } from '@daca/dapr';

const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly sidecar: DaprSidecarHealthIndicator,
  ) {}

  /** The process serves requests and its heap is sane: daprd's app health check and k8s liveness. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES)]);
  }

  /** The app can do its work: its Dapr sidecar is up. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES), () => this.sidecar.isHealthy()]);
  }
}
