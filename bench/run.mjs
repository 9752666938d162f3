// `npm run bench`: start-up, first frame, memory, check overhead and package size, each beside a baseline
// measured in the same run. Prints a Markdown table (median, min, max over several runs) and asserts nothing:
// time lives here, not in `npm test`.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// BENCH_BIN: measure another build (e.g. the main branch's) with this same harness.
const BIN = process.env.BENCH_BIN ?? path.join(root, 'bin', 'flyte-ci-auth.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm-256color' };

const ms = (ns) => Number(ns) / 1e6;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};

/** Wall time of a whole process, stdout and stderr discarded. */
function timeProcess(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'], env: { ...cleanEnv, ...opts.env }, cwd: opts.cwd });
    child.on('error', reject);
    child.on('exit', (code) => {
      const t = ms(process.hrtime.bigint() - t0);
      if (code !== (opts.expectCode ?? 0)) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`));
      else resolve(t);
    });
  });
}

/** Child pids from /proc/<pid>/stat (the kernel here has no /proc/<pid>/task/<pid>/children). */
async function childrenOf(pid) {
  const { readdir } = await import('node:fs/promises');
  const out = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(name));
  }
  return out;
}

async function findNode(pid, depth = 0) {
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  if (comm.trim() === 'node') return pid;
  if (depth > 3) return undefined;
  for (const c of await childrenOf(pid)) {
    const found = await findNode(c, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A command inside a real pseudo-terminal (util-linux `script`), in its own process group; stdin is the keyboard. */
function spawnPty(command, opts = {}) {
  return spawn('script', ['-qfec', command, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...cleanEnv, COLUMNS: '100', LINES: '30', ...opts.env },
    cwd: opts.cwd,
    detached: true,
  });
}

/**
 * Spawn a command inside a real pseudo-terminal and time it until `marker` appears on
 * the terminal. The node process is then stopped (SIGSTOP) and its peak resident memory (VmHWM) read.
 */
function timeToText(command, marker, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawnPty(command, opts);
    let out = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`"${marker}" did not appear; saw: ${JSON.stringify(out.slice(-300))}`)), 15_000);
    async function finish(err, elapsed) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      let hwm;
      if (!err) {
        const nodePid = await findNode(child.pid);
        if (nodePid) {
          try {
            process.kill(nodePid, 'SIGSTOP');
            const status = await readFile(`/proc/${nodePid}/status`, 'utf8');
            hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
          } catch {
            hwm = undefined;
          }
        }
      }
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      if (err) reject(err);
      else resolve({ ms: elapsed, peakMB: hwm });
    }
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      // eslint-disable-next-line no-control-regex
      if (out.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').includes(marker)) finish(null, ms(process.hrtime.bigint() - t0));
    });
    child.on('error', (e) => finish(e));
  });
}

/**
 * Keys at the first frame, in a real pseudo-terminal: when `first` appears, `keys` are written in one write;
 * resolves with the time of the first frame and the time the screen shows `expect` (measured from spawn).
 * `ok` is false when `expect` did not appear within the bound (a lost or misapplied key).
 */
function keysAtFirstFrame(command, first, keys, expect, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawnPty(command, opts);
    let out = '';
    let frameAt;
    let sentAt = -1;
    let done = false;
    const finish = (err, result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      if (err) reject(err);
      else resolve(result);
    };
    const timer = setTimeout(() => {
      if (frameAt === undefined) finish(new Error(`"${first}" did not appear`));
      else finish(null, { frame: frameAt, effect: undefined, ok: false });
    }, 10_000);
    // eslint-disable-next-line no-control-regex
    const plainText = (s) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (frameAt === undefined && plainText(out).includes(first)) {
        frameAt = ms(process.hrtime.bigint() - t0);
        sentAt = out.length;
        child.stdin.write(keys);
      }
      if (frameAt !== undefined && plainText(out.slice(sentAt)).includes(expect)) {
        finish(null, { frame: frameAt, effect: ms(process.hrtime.bigint() - t0), ok: true });
      }
    });
    child.on('error', (e) => finish(e));
  });
}

async function series(fn, runs = RUNS) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await fn(i));
  return xs;
}

/** Alternate baseline and subject runs so drift hits both alike. */
async function paired(baseline, subject, runs = RUNS) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(await baseline(i));
    b.push(await subject(i));
  }
  return [a, b];
}

const rows = [];
const progress = (what) => process.stderr.write(`… ${what}\n`);
/** Skip the slow figures (check, package) with BENCH_ONLY=startup. */
const ONLY_STARTUP = process.env.BENCH_ONLY === 'startup';
function row(name, subject, baseline, baselineName, target, unit = 'ms') {
  const s = stats(subject);
  const b = baseline ? stats(baseline) : undefined;
  const ratio = b ? s.median / b.median : undefined;
  const fmt = (x) => (unit === 'ms' ? `${x.toFixed(0)} ms` : unit === 'MB' ? `${x.toFixed(1)} MB` : `${x}`);
  const ok = target.check(ratio ?? s.median);
  progress(name);
  rows.push(
    `| ${name} | ${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}) | ${b ? `${baselineName}: ${fmt(b.median)} (${fmt(b.min)}–${fmt(b.max)})` : '—'} | ${ratio ? `${ratio.toFixed(2)}×` : '—'} | ${target.text} | ${ok ? 'yes' : '**no**'} |`,
  );
}

async function main() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${RUNS} runs per figure.\n`);
  const nodeE = () => timeProcess(process.execPath, ['-e', "console.log('ready')"]);

  // 1. --version and --help against `node -e`.
  const [b1, version] = await paired(nodeE, () => timeProcess(process.execPath, [BIN, '--version']));
  row('`--version`', version, b1, '`node -e`', { text: '≤ 1.3×', check: (r) => r <= 1.3 });
  const [b2, help] = await paired(nodeE, () => timeProcess(process.execPath, [BIN, '--help']));
  row('`--help`', help, b2, '`node -e`', { text: '≤ 1.3×', check: (r) => r <= 1.3 });

  // 2. First interactive frame of the wizard in a real pseudo-terminal, and peak memory up to it.
  const work = await mkdtemp(path.join(tmpdir(), 'fca-bench-'));
  try {
    const [b3, frame] = await paired(
      () => timeToText(`${process.execPath} -e "console.log('ready')"`, 'ready', { cwd: work }),
      () => timeToText(`${process.execPath} ${BIN}`, process.env.BENCH_FIRST_FRAME_TEXT ?? 'identity provider', { cwd: work }),
    );
    row('wizard first frame (pty)', frame.map((x) => x.ms), b3.map((x) => x.ms), '`node -e` in pty', { text: '≤ 1.5×', check: (r) => r <= 1.5 });
    row('wizard peak memory (VmHWM) to first frame', frame.map((x) => x.peakMB), undefined, '', { text: '≤ 60 MB', check: (m) => m <= 60 }, 'MB');
  } catch (err) {
    rows.push(`| wizard first frame (pty) | not measured: ${String(err.message).split('\n')[0].slice(0, 120)} | | | ≤ 1.5× | **no** |`);
  }

  // 3. Time to interactive: a Down pressed when the first frame appears, until the pointer has moved on screen;
  //    and type-ahead: Down Down Enter in one write at the first frame must choose the third provider, every run.
  try {
    const first = 'identity provider';
    const [b4, keyed] = await paired(
      () => timeToText(`${process.execPath} -e "console.log('ready')"`, 'ready', { cwd: work }),
      () => keysAtFirstFrame(`${process.execPath} ${BIN}`, first, '\u001b[B', '❯ 2. Microsoft Entra ID', { cwd: work }),
    );
    const effects = keyed.filter((k) => k.ok).map((k) => k.effect);
    if (effects.length === 0) throw new Error('the pointer never moved');
    row('wizard: a key at the first frame takes effect (time to interactive, pty)', effects, b4.map((x) => x.ms), '`node -e` in pty', { text: '≤ 2.0×', check: (r) => r <= 2.0 });
    const ahead = await series(() => keysAtFirstFrame(`${process.execPath} ${BIN}`, first, '\u001b[B\u001b[B\r', 'credentials: Keycloak', { cwd: work }));
    const good = ahead.filter((k) => k.ok).length;
    progress('type-ahead');
    rows.push(`| type-ahead: Down Down Enter in one write at the first frame → third provider | ${good} of ${ahead.length} runs | — | — | every run | ${good === ahead.length ? 'yes' : '**no**'} |`);
  } catch (err) {
    rows.push(`| wizard: a key at the first frame takes effect | not measured: ${String(err.message).split('\n')[0].slice(0, 120)} | | | ≤ 2.0× | **no** |`);
  }

  if (!ONLY_STARTUP) {
    // 4. `check` against a local authorization server vs a bare fetch token request to the same server.
    try {
      const { checkRows } = await import('./check.mjs');
      rows.push(...(await checkRows({ runs: RUNS, bin: BIN, paired, stats, timeProcess, row: (...a) => row(...a) })).filter(Boolean));
    } catch (err) {
      rows.push(`| \`check\` vs bare token request | not measured: ${String(err.message).split('\n')[0]} | | | ≤ 1.3× | **no** |`);
    }

    // 5. The package: packed size, and an offline install from the tarball that runs --version.
    const pack = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root })).stdout)[0];
    const tarball = path.join(work, pack.filename);
    const size = (await stat(tarball)).size;
    const deps = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).dependencies ?? {};
    const installDir = path.join(work, 'install');
    let installOk = false;
    let installMs = 0;
    try {
      const t0 = process.hrtime.bigint();
      await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', installDir, tarball]);
      installMs = ms(process.hrtime.bigint() - t0);
      const { stdout } = await run(path.join(installDir, 'node_modules', '.bin', 'flyte-ci-auth'), ['--version'], { cwd: work });
      installOk = /^flyte-ci-auth \d/.test(stdout);
    } catch {
      installOk = false;
    }
    rows.push(`| packed tarball | ${(size / 1024).toFixed(0)} KiB, ${pack.entryCount} files, ${Object.keys(deps).length} runtime dependencies | — | — | ≤ 1.5 MB, 0 deps | ${size <= 1.5 * 1024 * 1024 && Object.keys(deps).length === 0 ? 'yes' : '**no**'} |`);
    rows.push(`| offline install from the tarball, then \`--version\` | ${installOk ? `works (${(installMs / 1000).toFixed(1)} s)` : 'failed'} | — | — | works | ${installOk ? 'yes' : '**no**'} |`);
    await rm(work, { recursive: true, force: true });
  } else {
    await rm(work, { recursive: true, force: true });
  }

  console.log('| Figure | Median (min–max) | Baseline, same run | Ratio | Target | Met |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
