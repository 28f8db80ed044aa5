import { startE2eStack, type E2eStack } from '../../test/support/e2e-stack';

/** chat-agent, and the same actor logic on a plain @dapr/dapr DaprServer, each on its own real stack. */
export type ChatStacks = Record<'nest' | 'baseline', E2eStack>;

/**
 * Starts both stacks with the same environment: the benchmark compares them side by side. No
 * reminder or heartbeat fires during the measurements (the baseline has none).
 */
export async function startChatStacks(
  log: (line: string) => void,
  env: Record<string, string> = {},
): Promise<ChatStacks> {
  const quiet = { CHAT_CLEAR_HISTORY_AFTER: '1h', CHAT_HEARTBEAT_PERIOD: '1h', ...env };
  log('starting chat-agent (NestJS + libs/dapr) on its own stack');
  const nest = await startE2eStack({ apps: ['chat-agent'], env: quiet });
  try {
    log('starting the baseline (plain @dapr/dapr DaprServer) on its own stack');
    const baseline = await startE2eStack({
      apps: ['chat-agent'],
      env: quiet,
      commands: { 'chat-agent': ['node', '--import', 'tsx', 'bench/chat/baseline-server.ts'] },
    });
    return { nest, baseline };
  } catch (error) {
    await nest.stop();
    throw error;
  }
}

export async function stopChatStacks(stacks: ChatStacks | undefined): Promise<void> {
  if (stacks) await Promise.all([stacks.nest.stop(), stacks.baseline.stop()]);
}
