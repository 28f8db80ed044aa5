import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A key pair and its certificate, as PEM files. */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface CertificateRequest {
  /** File name stem in the authority's directory. */
  readonly name: string;
  /** The user (client certificates) or the server's name. */
  readonly commonName: string;
  /** Groups of a client, e.g. system:masters. */
  readonly organizations?: readonly string[];
  /** Addresses a server certificate is valid for. */
  readonly ips?: readonly string[];
  readonly usage: 'client' | 'server';
}

/** A certificate authority of one cluster, whose key never leaves its directory. */
export interface CertificateAuthority extends CertificateFiles {
  issue(request: CertificateRequest): CertificateFiles;
}

const DAYS = '2';

function openssl(args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}; is openssl installed?`, {
      cause: error,
    });
  }
}

/**
 * Creates a short-lived certificate authority in `dir` with openssl (EC P-256 keys) for the x509 identities of
 * a local cluster: the kubelet's serving certificate, the apiserver as a kubelet client, the aggregation layer.
 */
export function createCertificateAuthority(dir: string, commonName: string): CertificateAuthority {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = join(dir, 'ca.key');
  const certFile = join(dir, 'ca.crt');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
  openssl(['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${commonName}`, '-days', DAYS, '-out', certFile]);
  const issue = ({ name, commonName: cn, organizations = [], ips = [], usage }: CertificateRequest) => {
    const files = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    const csr = join(dir, `${name}.csr`);
    const extensions = join(dir, `${name}.ext`);
    const subject = [...organizations.map((o) => `/O=${o}`), `/CN=${cn}`].join('');
    writeFileSync(
      extensions,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        `extendedKeyUsage=${usage === 'client' ? 'clientAuth' : 'serverAuth'}`,
        ...(ips.length > 0 ? [`subjectAltName=${ips.map((ip) => `IP:${ip}`).join(',')}`] : []),
      ].join('\n'),
    );
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.keyFile]);
    openssl(['req', '-new', '-key', files.keyFile, '-subj', subject, '-out', csr]);
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      certFile,
      '-CAkey',
      keyFile,
      '-CAcreateserial',
      '-days',
      DAYS,
      '-extfile',
      extensions,
      '-out',
      files.certFile,
    ]);
    return files;
  };
  return { certFile, keyFile, issue };
}
