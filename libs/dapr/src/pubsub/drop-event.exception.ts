import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by an event handler (or a pipe) for an event that can never be processed: daprd drops it
 * (to the subscription's dead-letter topic, when it has one) instead of delivering it again.
 * Any other error answers RETRY.
 */
export class DropEventException extends RpcException {
  constructor(readonly reason: string) {
    super({ outcome: 'DROP', reason });
  }
}

export function isDropOutcome(error: unknown): error is { outcome: 'DROP'; reason: string } {
  return (error as { outcome?: unknown } | null)?.outcome === 'DROP';
}
