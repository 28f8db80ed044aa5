import type { Logger } from '@nestjs/common';
import type { QueueBase } from 'bullmq';
import type { Dependency } from './dependency';

/**
 * Follows the Redis connections of a BullMQ queue or worker: their state goes to `dependency`, and
 * their errors go through the logger instead of BullMQ's fallback (a raw stack on stderr).
 */
export function watchBullMq(dependency: Dependency, connection: string, target: QueueBase, logger: Logger): void {
  dependency.connecting(connection);
  const backend = target.getBackend();
  backend.on('ready', () => dependency.connected(connection));
  backend.on('close', () => {
    if (!target.closing) dependency.lost(connection);
  });
  target.on('error', (error: Error) => {
    if (target.closing) return;
    if (dependency.state.up) logger.error({ err: error }, `${connection}: ${error.message}`);
    else dependency.failed(connection, error);
  });
  target.waitUntilReady().then(
    () => dependency.connected(connection),
    () => undefined, // reported by the error listener
  );
}
