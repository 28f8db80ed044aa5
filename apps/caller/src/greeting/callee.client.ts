import { BadGatewayException, Injectable } from '@nestjs/common';
import { DaprSidecar } from '@daca/dapr';

const CALLEE_APP_ID = 'callee-app';

/** The callee's greeting, through this app's sidecar (which applies components/resiliency.yaml). */
@Injectable()
export class CalleeClient {
  constructor(private readonly sidecar: DaprSidecar) {}

  async greet(name: string): Promise<unknown> {
    const response = await this.sidecar.invoke(CALLEE_APP_ID, `greet/${encodeURIComponent(name)}`);
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return body;
    const detail = (body as { detail?: unknown } | undefined)?.detail;
    const upstreamDetail = typeof detail === 'string' ? detail : response.statusText;
    throw new BadGatewayException({
      message: `${CALLEE_APP_ID} answered ${response.status} after the sidecar's retries: ${upstreamDetail}`,
      upstreamStatus: response.status,
      upstreamDetail,
    });
  }
}
