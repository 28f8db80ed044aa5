import { Injectable } from '@nestjs/common';
import { ServiceInvoker } from '@daca/dapr';

export const CALLEE_APP_ID = 'callee-app';

/** The callee's greeting, `{"message": ...}`, through this app's sidecar. */
@Injectable()
export class CalleeClient {
  constructor(private readonly invoker: ServiceInvoker) {}

  greet(name: string, signal?: AbortSignal): Promise<unknown> {
    return this.invoker.invoke(CALLEE_APP_ID, `greet/${encodeURIComponent(name)}`, { signal });
  }
}
