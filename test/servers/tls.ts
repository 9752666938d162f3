/**
 * A private CA and server certificates made with `openssl` at test time (async child processes), in a temp dir:
 * - ca:        root CA (the PEM a user would pass to --ca-file)
 * - leaf:      signed by the CA for IP:127.0.0.1, IP:::1, DNS:localhost
 * - wrongHost: signed by the CA for DNS:wrong.example only
 * - expired:   signed by the CA for 127.0.0.1/localhost, validity entirely in the past
 * - selfSigned: a bare self-signed leaf for 127.0.0.1/localhost
 * EC P-256 keys keep it fast (~0.3 s in all).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

export interface TestPki {
  dir: string;
  caFile: string;
  caPem: string;
  leaf: KeyPair;
  wrongHost: KeyPair;
  expired: KeyPair;
  selfSigned: KeyPair;
  cleanup(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

async function pair(dir: string, name: string): Promise<KeyPair> {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  return { keyFile, certFile, key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
}

async function signedLeaf(dir: string, name: string, san: string, dates?: { start: string; end: string }): Promise<KeyPair> {
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir);
  await openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], dir);
  await writeFile(
    path.join(dir, `${name}.ext`),
    `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  if (dates) {
    // `openssl ca` is the only portable way to set arbitrary start/end dates.
    await writeFile(path.join(dir, `${name}.db`), '');
    await writeFile(
      path.join(dir, `${name}.cnf`),
      [
        '[ca]', 'default_ca=tca', '[tca]', `database=${name}.db`, 'new_certs_dir=.', 'serial=serial',
        'default_md=sha256', 'policy=pol', 'copy_extensions=none', 'unique_subject=no',
        '[pol]', 'commonName=supplied',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
    await openssl(
      ['ca', '-batch', '-config', `${name}.cnf`, '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${name}.csr`,
        '-out', `${name}.crt`, '-startdate', dates.start, '-enddate', dates.end, '-extfile', `${name}.ext`, '-notext'],
      dir,
    );
  } else {
    await openssl(
      // A serial of its own per certificate: -CAcreateserial shares one ca.srl file, which certificates signed at the
      // same time (Promise.all) read half-written.
      ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '30',
        '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`],
      dir,
    );
  }
  return pair(dir, name);
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fca-pki-'));
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  await openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '30', '-subj', '/CN=flyte-ci-auth test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt'],
    dir,
  );
  const localSan = 'IP:127.0.0.1,IP:::1,DNS:localhost';
  const [leaf, wrongHost] = await Promise.all([
    signedLeaf(dir, 'leaf', localSan),
    signedLeaf(dir, 'wronghost', 'DNS:wrong.example'),
  ]);
  const expired = await signedLeaf(dir, 'expired', localSan, { start: '20200101000000Z', end: '20200201000000Z' });
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'self.key'], dir);
  await openssl(
    ['req', '-x509', '-new', '-key', 'self.key', '-sha256', '-days', '30', '-subj', '/CN=127.0.0.1',
      '-addext', `subjectAltName=${localSan}`, '-out', 'self.crt'],
    dir,
  );
  const selfSigned = await pair(dir, 'self');
  const caFile = path.join(dir, 'ca.crt');
  return {
    dir,
    caFile,
    caPem: await readFile(caFile, 'utf8'),
    leaf,
    wrongHost,
    expired,
    selfSigned,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
