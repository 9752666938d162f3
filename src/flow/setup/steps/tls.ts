/** Step: how flyte trusts the control plane's certificate (a public CA, caCertFilePath, or insecureSkipVerify). */
import type { TlsChoice } from '../types.js';
import { oneLine } from '../../common.js';
import path from 'node:path';
import { canAsk, sourceOf, type SetupContext, type SetupStep } from '../state.js';

/** The CA file must exist (relative paths from the working directory) and hold at least one PEM certificate. */
export async function pemProblem(x: SetupContext, file: string): Promise<string | undefined> {
  const read = x.services.files.readText;
  if (!read) return undefined;
  const text = await read(path.resolve(x.cwd, file)).catch(() => undefined);
  if (text === undefined) return `${file} does not exist (from ${x.cwd}): enter the path of the PEM file.`;
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/u.test(text)) return `${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`;
  return undefined;
}

export const tlsStep: SetupStep = {
  id: 'tls',
  skip: (s, x) => s.stopped || !canAsk(s, x, 'caCertFile', 'insecureSkipVerify'),
  async run(s, x) {
    const a = s.a;
    const p = x.p!;
    const suggestedCa = a.caCertFile ?? x.defaults.caCertFile ?? a.caFile;
    s.tls = await p.select<TlsChoice>({
      id: 'tls',
      message: 'How does flyte trust the control plane\'s TLS certificate?',
      initial: (a.insecureSkipVerify ?? x.defaults.insecureSkipVerify) ? 'skip-verify' : suggestedCa ? 'ca-cert' : 'system',
      help: `${sourceOf(s, x, x.defaults.insecureSkipVerify ? 'insecureSkipVerify' : 'caCertFile') ? `From ${sourceOf(s, x, x.defaults.insecureSkipVerify ? 'insecureSkipVerify' : 'caCertFile')}: Enter keeps it. ` : ''}\`insecure: true\` would switch off TLS AND authentication, so it is never written.`,
      choices: [
        { value: 'system', label: 'A public CA (nothing to add)' },
        { value: 'ca-cert', label: 'A private CA: caCertFilePath', hint: 'recommended for private CAs' },
        { value: 'skip-verify', label: 'insecureSkipVerify: trust any certificate', hint: 'not recommended' },
      ],
    });
    if (s.tls === 'ca-cert') {
      let initialPath = suggestedCa;
      for (;;) {
        const file = await p.text({
          id: 'ca-cert-file',
          message: 'PEM file with the CA certificate(s), as CI will see it',
          initial: initialPath,
          help: 'The path must exist where flyte runs: commit the PEM and give a path relative to the repository, or install it in the CI image.',
          normalize: oneLine,
          validate: (v) => (v === '' ? 'Enter the path of the PEM file.' : undefined),
        });
        const problem = await pemProblem(x, file);
        if (!problem) {
          a.caCertFile = file;
          break;
        }
        x.ui.show({ kind: 'text', tone: 'error', text: problem });
        initialPath = file;
      }
      a.insecureSkipVerify = undefined;
    } else {
      a.caCertFile = undefined;
      a.insecureSkipVerify = s.tls === 'skip-verify' ? true : undefined;
    }
  },
};
