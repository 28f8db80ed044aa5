import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * The network of a local cluster's node: a network namespace of its own, joined to this machine by a veth
 * pair on a /30 of NODE_NETWORKS. The node routes everything else to this machine, masquerading the pods
 * behind its own address, so that pods reach a registry on `hostAddress` while this machine needs no route
 * to them (several clusters can run at once, with the same pod addresses).
 */
export interface NodeNetwork {
  /** Unique per run: the namespace's name and the stem of its interfaces. */
  readonly name: string;
  /** /run/netns/<name>, for `nsenter --net=`. */
  readonly netns: string;
  /** This machine's end of the veth pair. */
  readonly hostAddress: string;
  /** The node's end, inside the namespace. */
  readonly nodeAddress: string;
  /** Deletes the namespace, which takes the veth pair, the routes and its nft tables with it. */
  remove(): void;
}

/** The /16 every node network's /30 is taken from: private and unlikely to clash with a real network. */
export const NODE_NETWORKS = '10.213.0.0/16';
/** The pods' addresses on every node (the CNI bridge hands them out), masqueraded when they leave it. */
export const POD_CIDR = '10.244.0.0/24';

function run(command: string, args: readonly string[], input?: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}; run as root with iproute2 and nftables`,
      { cause: error },
    );
  }
}

const ip = (args: readonly string[]): string => run('ip', args);

/** The first /30 of NODE_NETWORKS that no interface of this machine uses yet, as its two host addresses. */
function freeSubnet(): [string, string] {
  const used = new Set(
    [...ip(['-4', '-o', 'addr', 'show']).matchAll(/inet 10\.213\.(\d+)\.(\d+)\//g)].map(
      ([, third, fourth]) => `${third}.${Math.floor(Number(fourth) / 4)}`,
    ),
  );
  for (let third = 0; third < 256; third++)
    for (let block = 0; block < 64; block++)
      if (!used.has(`${third}.${block}`))
        return [`10.213.${third}.${block * 4 + 1}`, `10.213.${third}.${block * 4 + 2}`];
  throw new Error(`every /30 of ${NODE_NETWORKS} is in use: stop the other local clusters first`);
}

function masquerade(nodeEnd: string): string {
  return `table ip daca-node-nat {
  chain postrouting {
    type nat hook postrouting priority srcnat;
    ip saddr ${POD_CIDR} oifname "${nodeEnd}" masquerade
  }
}
`;
}

/** Creates the namespace and the veth pair, up and routed; removes what it made when a step fails. */
export function createNodeNetwork(): NodeNetwork {
  const name = `daca-${randomBytes(4).toString('hex')}`;
  const hostEnd = `${name}-h`;
  const nodeEnd = `${name}-n`;
  const netns = `/run/netns/${name}`;
  const inNode = (args: readonly string[]): string => ip(['-n', name, ...args]);
  const remove = (): void => {
    try {
      ip(['netns', 'delete', name]);
    } catch {
      // Not made, or removed already.
    }
    try {
      ip(['link', 'delete', hostEnd]);
    } catch {
      // Gone with the namespace.
    }
  };
  try {
    ip(['netns', 'add', name]);
    const [hostAddress, nodeAddress] = freeSubnet();
    ip(['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', nodeEnd, 'netns', name]);
    ip(['addr', 'add', `${hostAddress}/30`, 'dev', hostEnd]);
    ip(['link', 'set', hostEnd, 'up']);
    inNode(['link', 'set', 'lo', 'up']);
    inNode(['addr', 'add', `${nodeAddress}/30`, 'dev', nodeEnd]);
    inNode(['link', 'set', nodeEnd, 'up']);
    inNode(['route', 'add', 'default', 'via', hostAddress]);
    const inNamespace = ['--net=' + netns, '--'];
    run('nsenter', [...inNamespace, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    run('nsenter', [...inNamespace, 'nft', '-f', '-'], masquerade(nodeEnd));
    return { name, netns, hostAddress, nodeAddress, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
