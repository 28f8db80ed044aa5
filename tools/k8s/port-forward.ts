import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A `kubectl port-forward` to one port of a pod or Service, on a free loopback port of this machine. */
export interface PortForward {
  /** http://127.0.0.1:<local port> */
  readonly url: string;
  stop(): Promise<void>;
}

export interface PortForwardTarget {
  readonly kubeconfig: string;
  /** Directory holding kubectl. */
  readonly binDir: string;
  readonly namespace: string;
  /** `svc/<name>`, `deploy/<name>` or `pod/<name>`: kubectl picks one pod, for as long as it lives. */
  readonly resource: string;
  readonly port: number;
}

const FORWARDING = /Forwarding from 127\.0\.0\.1:(\d+) ->/;
const START_TIMEOUT_MS = 30_000;

/** Starts the forward and resolves once kubectl says which local port it listens on. */
export function portForward(target: PortForwardTarget): Promise<PortForward> {
  const child = spawn(
    join(target.binDir, 'kubectl'),
    [
      '--kubeconfig',
      target.kubeconfig,
      '-n',
      target.namespace,
      'port-forward',
      '--address',
      '127.0.0.1',
      target.resource,
      `:${target.port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let said = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop().then(() =>
        reject(
          new Error(`port-forward to ${target.namespace}/${target.resource}:${target.port} ${why}: ${said.trim()}`),
        ),
      );
    };
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const port = FORWARDING.exec(said)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data').resume();
      resolve({ url: `http://127.0.0.1:${port}`, stop });
    });
    child.once('close', () => fail('ended'));
  });
}
