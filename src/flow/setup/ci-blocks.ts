/** The manual CI steps the wizard shows when it does not push (or the push failed), and the key it pushes. */
import { encodeApiKey } from '../../core/apikey.js';
import { shellQuote } from '../../core/ci/command-line.js';
import type { Block } from '../../core/prompter.js';
import type { Secret } from '../../core/secret.js';
import { endpointProblem } from '../questions.js';
import { configFile, displayPath, type SetupContext, type SetupState } from './state.js';
import type { CiTarget } from './types.js';

/** The deploy path `instructions` fills in when none is given (the `instructions` command's PLACEHOLDER_PATH). */
export const PLACEHOLDER_DEPLOY_PATH = 'workflows.py';

/** `bareHost`: a host:port (the demo's) becomes the bare host, as it would with a real control plane. */
export function buildKey(s: SetupState, opts: { bareHost?: boolean } = {}): { key?: Secret; problem?: string } {
  const a = s.a;
  const endpoint = opts.bareHost ? a.endpoint!.replace(/:\d+$/u, '') : a.endpoint!;
  try {
    return { key: encodeApiKey({ endpoint, clientId: a.clientId!, clientSecret: a.clientSecret!, org: a.org ?? '' }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { problem: `FLYTE_API_KEY cannot be built from these answers: ${message}` };
  }
}

function mentionsPlaceholderPath(blocks: Block[]): boolean {
  const word = new RegExp(`(^|[\\s'"=])${PLACEHOLDER_DEPLOY_PATH.replace('.', '\\.')}($|[\\s'"])`, 'mu');
  return blocks.some((b) =>
    b.kind === 'code' || b.kind === 'text' ? word.test(b.text) : b.kind === 'list' ? b.items.some((item) => word.test(item)) : false,
  );
}

function placeholderPathNote(target: CiTarget, project: string, domain: string): Block[] {
  const system = target === 'other' ? 'SYSTEM' : target;
  return [
    {
      kind: 'text',
      tone: 'warning',
      text: `Replace ${PLACEHOLDER_DEPLOY_PATH} in the snippet with the file or folder to deploy, or print the snippet with your path:`,
    },
    { kind: 'code', text: `flyte-ci-auth instructions ${system} --project ${shellQuote(project)} --domain ${shellQuote(domain)} --path PATH` },
  ];
}

function keyBlocks(s: SetupState, x: SetupContext): Block[] {
  const a = s.a;
  if (endpointProblem(a.endpoint!)) {
    return [
      {
        kind: 'text',
        tone: 'dim',
        text: `FLYTE_API_KEY cannot carry "${a.endpoint}" (a key holds a bare host, no port); with your own control plane it is built from the bare host.`,
      },
    ];
  }
  // In a terminal the next step hands the key over (clipboard, a 0600 file, or shown once on request).
  if (x.p) return [];
  // Without one, the secret came from the environment or stdin: the same source builds the key.
  const source = a.secretSource?.kind === 'env' ? `"$${a.secretSource.name}"` : '"$CLIENT_SECRET"';
  return [
    { kind: 'text', text: 'FLYTE_API_KEY is never printed. Build it where you add it to CI, from the same secret:' },
    {
      kind: 'code',
      text: `printf '%s' ${source} | flyte-ci-auth key encode --endpoint ${shellQuote(a.endpoint!)} --client-id ${shellQuote(a.clientId!)} --org ${shellQuote(a.org ?? '')}`,
    },
  ];
}

/** How to add the key by hand and the pipeline snippet (with the placeholder note when the snippet has one). */
export async function instructionBlocks(s: SetupState, x: SetupContext, target: CiTarget): Promise<Block[]> {
  const a = s.a;
  const blocks = [
    ...keyBlocks(s, x),
    ...(await x.services.instructions(target, {
      project: a.project!,
      domain: a.domain!,
      repo: a.repo,
      env: a.env,
      configPath: displayPath(x.cwd, configFile(s, x)),
      ...(a.idpCaFile ? { idpCaFile: a.idpCaFile } : {}),
    })),
  ];
  // The wizard asks for no deploy path: the snippet names a placeholder the user must replace.
  return mentionsPlaceholderPath(blocks) ? [...blocks, ...placeholderPathNote(target, a.project!, a.domain!)] : blocks;
}
