import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInstaller } from '../../stack/run-installer';
import { httpProbe, ManagedProcess } from '../../stack/managed-process';
import { freePorts } from '../../stack/ports';

/** An image registry (distribution) serving plain HTTP until stop(). */
export interface Registry {
  /** `host:port`, what image references and `buildah push` name it by. */
  readonly address: string;
  /** Stops the registry and removes its temporary directory (and the images in it, unless `dataDir` was given). */
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** The address it listens on: 127.0.0.1, or the host end of the cluster's veth pair. */
  readonly host: string;
  /** A free port unless given. */
  readonly port?: number;
  /** Where the images are kept, across runs; a temporary directory, removed by stop(), unless given. */
  readonly dataDir?: string;
  /** Directory holding `registry` (tools/registry/install.sh builds it unless given). */
  readonly binDir?: string;
  readonly startTimeoutMs?: number;
}

const ROOT_DIR = resolve(__dirname, '../../..');
const LOG_LINES_KEPT = 30;

/** The registry's configuration (JSON, which is YAML too): filesystem storage, plain HTTP, no debug server, deletes allowed. */
function registryConfig(address: string, dataDir: string): string {
  return JSON.stringify({
    version: 0.1,
    log: { level: 'warn', formatter: 'text', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: dataDir }, delete: { enabled: true } },
    http: { addr: address, secret: randomBytes(16).toString('hex') },
  });
}

/**
 * Starts distribution's `registry` on `host:port`, plain HTTP (no TLS, no authentication: bind it to an
 * address only this machine or the cluster reaches), and resolves once `GET /v2/` answers.
 */
export async function startRegistry({
  host,
  port,
  dataDir,
  binDir = runInstaller(ROOT_DIR, 'tools/registry/install.sh'),
  startTimeoutMs = 30_000,
}: RegistryOptions): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'daca-registry-'));
  const lines: string[] = [];
  let registry: ManagedProcess | undefined;
  const stop = async (): Promise<void> => {
    await registry?.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = `${host}:${port ?? (await freePorts(1))[0]}`;
    const storage = dataDir ?? join(dir, 'data');
    mkdirSync(storage, { recursive: true });
    const config = join(dir, 'config.yml');
    writeFileSync(config, registryConfig(address, storage));
    registry = new ManagedProcess(
      {
        name: 'registry',
        command: join(binDir, 'registry'),
        args: ['serve', config],
        health: httpProbe(`http://${address}/v2/`),
      },
      (_name, line) => {
        lines.push(line);
        if (lines.length > LOG_LINES_KEPT) lines.shift();
      },
    );
    registry.start();
    await registry.waitHealthy(startTimeoutMs);
    return { address, stop };
  } catch (error) {
    await stop();
    throw new Error(`the image registry did not start: ${(error as Error).message}\n${lines.join('\n')}`, {
      cause: error,
    });
  }
}
