import { replicaName, sidecarName, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { waitForActorHosts } from './actor-hosts';

export const REPLICAS = [1, 2];

/**
 * chat-agent alone, as two replicas with a daprd each, once placement counts both as actor hosts; with
 * `ha`, beside three placement and three scheduler nodes.
 */
export async function startChatReplicas(env?: Record<string, string>, ha = false): Promise<E2eStack> {
  const e2e = await startE2eStack({ apps: ['chat-agent'], replicas: { 'chat-agent': REPLICAS.length }, env, ha });
  try {
    await waitForActorHosts(
      e2e,
      REPLICAS.map((replica) => e2e.app('chat-agent', replica)),
    );
  } catch (error) {
    // The caller never gets the stack to stop: stop it here, or its processes outlive the test run.
    await e2e.stop();
    throw error;
  }
  return e2e;
}

/** Kills a chat-agent replica and its daprd with SIGKILL, as the loss of their machine would. */
export async function killChatReplica(e2e: E2eStack, replica: number): Promise<void> {
  await Promise.all([
    e2e.stack.process(replicaName('chat-agent', replica)).kill(),
    e2e.stack.process(sidecarName('chat-agent', replica)).kill(),
  ]);
}
