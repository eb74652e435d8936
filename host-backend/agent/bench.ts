// `npm run bench`, the host's part: measured side by side in one run,
// - the agent's per-call latency against the same syscall in a plain C loop;
// - "sandbox ready", what a user waits for (boot, the first fork, exec true in
//   it, its wait), against a one-shot C program doing that work by hand
//   (one-shot.c: the issue's reference, "about 1.8 ms" when it was written),
//   unshare(1), bwrap, crun and runc with an equivalent busybox root.
// Two regimes, every row in both, since this machine gives them very different
// figures: back to back (runs in a row, as the issue's figures were taken) and
// after a pause (each run after PAUSE_MS idle, as a user's runs come). A cgroup
// move waits for an RCU grace period unless another was made just before, and
// an idle CPU of this VM is slow to wake: after a pause the one-shot C program
// takes several times its back-to-back time.
// The tools are timed by run-timed.c, one run at a time, and the same timer's
// figure for /bin/true is subtracted, so every row is the tool's own work;
// each row is a median (the machine is shared: one slow run must not decide).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inProcessBackend, RemoteBackend } from '../remote-backend.ts';
import { detectCgroups } from './cgroups.ts';
import { spawnAgentProcess } from './cli.ts';
import { startAgent } from './server.ts';
import type { Row } from '../cli/bench-row.ts';

export interface BenchRow {
  name: string;
  /** median time per operation back to back, ms */
  ms: number;
  /** median time per operation after a pause of PAUSE_MS, ms (absent: not measured so) */
  pausedMs?: number;
  note?: string;
}

export interface HostBench {
  perCall: BenchRow[];
  sandbox: BenchRow[];
  skipped: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** idle time before each run of the "after a pause" regime */
export const PAUSE_MS = 200;

const C_LOOP = `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(int c, char **v) {
  long n = c > 1 ? atol(v[1]) : 1000000;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++) syscall(SYS_getpid);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%f\\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
  return 0;
}
`;

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Compile C source with the machine's cc; null (and the reason in `skipped`) without one. */
function compile(src: string, out: string, skipped: string[], what: string): string | null {
  const cc = process.env.CC ?? 'cc';
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Werror', '-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    return out;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    skipped.push(`${what}: ${err.code === 'ENOENT' ? `no C compiler (${cc})` : `${cc} failed: ${err.stderr?.toString().split('\n')[0] ?? err.message}`}`);
    return null;
  }
}

/** A command the timer runs; `setup` (shell) first, in a mount namespace of its own when given. */
interface Tool { name: string; argv: string[]; setup?: string; note?: string }

/** Each run's time in ms: `n` runs of the tool by run-timed, `pause` ms idle before each. */
function timed(timer: string, t: Tool, n: number, pause: number): number[] {
  const run = [timer, String(n), String(pause), ...t.argv];
  const out = t.setup
    ? execFileSync('unshare', ['-m', 'sh', '-c', `${t.setup} && exec "$@"`, 'sh', ...run], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync(run[0]!, run.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim().split('\n').map((l) => Number(l) / 1000);
}

/** What a user waits for: boot, the first fork, exec true in it, and its wait (the connection is open already). */
async function sandboxReady(b: RemoteBackend): Promise<number> {
  const s = performance.now();
  await b.boot();
  const f = await b.call(1, 'fork', []);
  await b.call(f.child!, 'exec', ['/bin/true']);
  await b.call(1, 'waitpid', [f.ret, 0]);
  return performance.now() - s;
}

/** `runs` sessions, each its own connection as a user's is, taking a machine of the agent's pool; `pause` ms idle before each. */
async function warmSessions(agent: Awaited<ReturnType<typeof startAgent>>, runs: number, pause: number): Promise<number[]> {
  const times: number[] = [];
  await agent.warmed();
  for (let i = 0; i < runs; i++) {
    if (pause) {
      await agent.warmed(); // the pool refills between runs, as between a user's runs
      await new Promise((r) => setTimeout(r, pause));
    }
    const b = new RemoteBackend(agent.url);
    await b.connect();
    times.push(await sandboxReady(b));
    await b.close();
  }
  return times;
}

export async function benchHost(opts: { iterations?: number; log?: (s: string) => void } = {}): Promise<HostBench> {
  const n = opts.iterations ?? 20;
  const paused = Math.max(5, n >> 1);
  const log = opts.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
  chmodSync(work, 0o711); // the sandboxes' root (an unprivileged uid) reaches their root directories through it
  const skipped: string[] = [];
  const perCall: BenchRow[] = [];
  const sandbox: BenchRow[] = [];
  try {
    // per call
    writeFileSync(join(work, 'loop.c'), C_LOOP);
    const loop = compile(join(work, 'loop.c'), join(work, 'loop'), skipped, 'getpid() in a C loop');
    if (loop) perCall.push({ name: 'getpid() in a C loop', ms: Number(execFileSync(loop, ['2000000'], { encoding: 'utf8' })) / 1e6 });
    log('per-call latency…');
    const state = join(work, 'state');
    {
      // the agent in a process of its own, as `nslab agent` runs it
      const { child, url } = await spawnAgentProcess(['--state-dir', join(work, 'state-p'), '--warm', '0', '--rate', '1000000000']);
      try {
        const b = new RemoteBackend(url);
        await b.boot();
        // past the JIT's warm-up; then the median of windows of calls, as every row is a
        // median: a slow spell of the shared machine moves one window, not the figure
        for (let i = 0; i < 3000; i++) await b.call(1, 'getpid', []);
        const windows: number[] = [];
        for (let w = 0; w < 9; w++) {
          const t0 = performance.now();
          for (let i = 0; i < 1000; i++) await b.call(1, 'getpid', []);
          windows.push((performance.now() - t0) / 1000);
        }
        perCall.push({ name: 'getpid() through the agent (WebSocket to `nslab agent`), median of 9 windows of 1,000 calls', ms: median(windows) });
        await b.close();
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }

    log('sandbox ready: nslab cold…');
    {
      // cold: every boot makes the cgroups, the namespaces and the root; connected in
      // memory, as `nslab run --backend host` connects to its private agent
      const agent = await startAgent({ stateDir: state, limits: { warm: 0, rate: 1e9 } });
      try {
        const b = inProcessBackend(agent);
        await sandboxReady(b);
        const runs: number[] = [];
        for (let i = 0; i < n; i++) runs.push(await sandboxReady(b));
        sandbox.push({ name: 'nslab, cold boot + fork + exec true', ms: median(runs), note: 'as `nslab run --backend host`: cgroups in every hierarchy, 6 namespaces, pivot_root, /proc, /sys' });
        await b.close();
      } finally {
        await agent.close();
      }
    }

    // warm nslab, the same by hand in C and with the usual tools (busybox root for those that take one)
    const root = join(work, 'bundle', 'rootfs');
    for (const d of ['bin', 'proc', 'dev', 'sys', 'tmp']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    symlinkSync('busybox', join(root, 'bin', 'true'));
    symlinkSync('busybox', join(root, 'bin', 'sh'));
    const timer = compile(join(here, 'run-timed.c'), join(work, 'run-timed'), skipped, 'one-shot C, unshare, bwrap, crun, runc (their timer)');
    const tools: Tool[] = [];
    if (timer) {
      const oneShot = compile(join(here, 'one-shot.c'), join(work, 'one-shot'), skipped, 'one-shot C');
      const pids = detectCgroups().hierarchies.find((h) => h.controllers.includes('pids'));
      if (oneShot && !pids) skipped.push('one-shot C: no cgroup hierarchy with the pids controller');
      else if (oneShot && pids) {
        const parent = `${pids.mount}${pids.own === '/' ? '' : pids.own}`;
        tools.push({ name: ONE_SHOT_NAME, argv: [oneShot, root, `${parent}/nslab-bench-one-shot-${process.pid}-%i`], note: 'the issue\'s reference, "about 1.8 ms" when it was written' });
      }
      const tool = (t: Tool) => {
        if (has(t.argv[0]!)) tools.push(t);
        else skipped.push(`${t.name}: ${t.argv[0]} is not installed`);
      };
      tool({ name: 'unshare(1) --fork --pid --mount-proc --net --uts --ipc --mount --cgroup true', argv: ['unshare', '-fpnuim', '--cgroup', '--mount-proc', '/bin/true'] });
      tool({ name: 'bwrap --unshare-all, busybox root, /proc, /dev', argv: ['bwrap', '--unshare-all', '--bind', root, '/', '--proc', '/proc', '--dev', '/dev', '/bin/true'] });
      const bundle = join(work, 'bundle');
      if (has('crun') || has('runc')) {
        execFileSync(has('crun') ? 'crun' : 'runc', ['spec'], { cwd: bundle });
        const cfgPath = join(bundle, 'config.json');
        const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
        cfg.process.terminal = false;
        cfg.process.args = ['/bin/true'];
        writeFileSync(cfgPath, JSON.stringify(cfg));
        // crun 1.8 refuses a hybrid layout: give it a mount namespace where cgroup2 is hidden
        const layout = detectCgroups();
        const v2 = layout.hierarchies.find((h) => h.version === 2)?.mount;
        const hide = layout.mode === 'hybrid' && v2;
        tool({
          name: 'crun run, busybox bundle', argv: ['crun', 'run', '-b', bundle, `nslab-bench-${process.pid}-%i`],
          ...(hide ? { setup: `mount -t tmpfs tmpfs ${v2}`, note: 'in a mount namespace with cgroup2 hidden: crun 1.8 refuses hybrid' } : {}),
        });
        tool({ name: 'runc run, busybox bundle', argv: ['runc', 'run', '-b', bundle, `nslab-bench-${process.pid}-%i`] });
      } else {
        skipped.push('crun, runc: not installed');
      }
    }
    log(`sandbox ready: nslab warm, ${tools.map((t) => t.argv[0]!.split('/').pop()).join(', ')}…`);
    // in rounds, every row in each, so that a slow spell of the shared machine hits all alike
    const rounds = 3;
    const per = Math.ceil(n / rounds), perPaused = Math.ceil(paused / rounds);
    const base: Tool = { name: 'true', argv: ['/bin/true'] };
    const rows = new Map<Tool, { hot: number[]; paused: number[] }>([base, ...tools].map((t) => [t, { hot: [], paused: [] }]));
    const failed = new Set<Tool>();
    const runTool = (t: Tool, regime: 'hot' | 'paused') => {
      if (failed.has(t)) return;
      try {
        // back to back, the first run of a round (after the others' runs) is left out
        const xs = regime === 'hot' ? timed(timer!, t, per + 1, 0).slice(1) : timed(timer!, t, perPaused, PAUSE_MS);
        rows.get(t)![regime].push(...xs);
      } catch (e) {
        failed.add(t);
        const err = e as Error & { stderr?: string };
        skipped.push(`${t.name}: ${err.stderr?.trim().split('\n').pop() || err.message.split('\n')[0]}`);
      }
    };
    // nslab warm: a session per run, each taking a machine of the agent's pool, deep enough for a round
    const warm = { hot: [] as number[], paused: [] as number[] };
    const agent = await startAgent({ stateDir: state, limits: { warm: per + 2, rate: 1e9 } });
    try {
      await warmSessions(agent, 1, 0);
      for (const regime of ['hot', 'paused'] as const) {
        for (let r = 0; r < rounds; r++) {
          // back to back, the first session of a round (after the tools' runs) is left out, as the tools' first runs are
          warm[regime].push(...(regime === 'hot' ? (await warmSessions(agent, per + 1, 0)).slice(1) : await warmSessions(agent, perPaused, PAUSE_MS)));
          await agent.warmed(); // the pool's refill is not to run beside the tools
          if (timer) for (const t of [base, ...tools]) runTool(t, regime);
        }
      }
    } finally {
      await agent.close();
    }
    sandbox.push({ name: 'nslab, warm boot (machine booted ahead) + fork + exec true', ms: median(warm.hot), pausedMs: median(warm.paused), note: 'a WebSocket session per run, as the web app\'s' });
    if (timer && !failed.has(base)) {
      const b = rows.get(base)!;
      for (const t of tools) {
        if (failed.has(t)) continue;
        const r = rows.get(t)!;
        sandbox.push({
          name: t.name, ms: Math.max(0, median(r.hot) - median(b.hot)), pausedMs: Math.max(0, median(r.paused) - median(b.paused)),
          ...(t.note ? { note: t.note } : {}),
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { perCall, sandbox, skipped };
}

const ONE_SHOT_NAME = 'one-shot C: clone 5 namespaces, pids cgroup, pivot_root, /proc, exec true';

/** The issue's target for "sandbox ready", in one regime: at most twice the one-shot C time and faster than bwrap, both measured in the run. */
function target(r: HostBench, regime: 'ms' | 'pausedMs'): { limit: number; text: string } {
  const c = r.sandbox.find((x) => x.name === ONE_SHOT_NAME)?.[regime];
  const bwrap = r.sandbox.find((x) => x.name.startsWith('bwrap'))?.[regime];
  const limits = [...(c !== undefined ? [2 * c] : []), ...(bwrap !== undefined ? [bwrap] : [])];
  const text = [...(c !== undefined ? [`≤ 2×C ${(2 * c).toFixed(2)}`] : []), ...(bwrap !== undefined ? [`< bwrap ${bwrap.toFixed(2)}`] : [])].join(', ');
  return { limit: limits.length ? Math.min(...limits) : NaN, text: text ? `${text} ms` : 'no baseline measured' };
}

const fmtMs = (ms: number | undefined) => (ms === undefined ? '—' : ms.toFixed(2)).padStart(8);

/** The report `nslab bench` prints: times and ratios against nslab's rows. */
export function formatHostBench(r: HostBench): string {
  const out: string[] = [];
  const c = r.perCall[0], agent = r.perCall[1];
  out.push('host: per-call latency');
  for (const row of r.perCall) out.push(`  ${(row.ms * 1000).toFixed(2).padStart(10)} µs  ${row.name}`);
  if (c && agent) out.push(`  overhead of the agent over the raw syscall: ${((agent.ms - c.ms) * 1000).toFixed(1)} µs (target < 100 µs)`);
  out.push(`host: sandbox ready, medians in ms: back to back | after ${PAUSE_MS} ms idle`);
  for (const row of r.sandbox) out.push(`  ${fmtMs(row.ms)} | ${fmtMs(row.pausedMs)}  ${row.name}${row.note ? ` (${row.note})` : ''}`);
  const warm = r.sandbox.find((x) => x.name.includes('warm'));
  for (const regime of ['ms', 'pausedMs'] as const) {
    const t = target(r, regime);
    const v = warm?.[regime];
    if (v !== undefined) out.push(`  target ${regime === 'ms' ? 'back to back' : 'after a pause'} ${t.text}: warm ${v.toFixed(2)} ms ${v <= t.limit ? 'met' : 'MISSED'}`);
  }
  for (const s of r.skipped) out.push(`  skipped: ${s}`);
  return out.join('\n');
}

/** Rows for `nslab bench` (host-backend/cli/bench.ts). */
export async function hostBench(quick: boolean): Promise<Row[]> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return [{ name: 'host backend', value: 'skipped', baseline: 'needs Linux and root', ratio: '', target: '', ok: true }];
  }
  const r = await benchHost({ iterations: quick ? 6 : 20 });
  const rows: Row[] = [];
  const [c, agent] = r.perCall;
  if (c && agent) {
    const over = (agent.ms - c.ms) * 1000;
    rows.push({ name: 'host: agent call (getpid)', value: `${(agent.ms * 1000).toFixed(1)} µs`, baseline: `C loop ${(c.ms * 1000).toFixed(2)} µs`, ratio: `+${over.toFixed(1)} µs`, target: '< +100 µs', ok: over < 100 });
  }
  const oneShot = r.sandbox.find((x) => x.name === ONE_SHOT_NAME);
  const bwrap = r.sandbox.find((x) => x.name.startsWith('bwrap'));
  for (const regime of ['ms', 'pausedMs'] as const) {
    const t = target(r, regime);
    const when = regime === 'ms' ? '' : ' paused';
    for (const row of r.sandbox) {
      const v = row[regime];
      if (v === undefined) continue;
      const ours = row.name.startsWith('nslab');
      const against = oneShot?.[regime] ?? bwrap?.[regime];
      rows.push({
        name: `host: ${ours ? (row.name.includes('warm') ? 'sandbox+true warm' : 'sandbox+true cold') : row === oneShot ? 'one-shot C' : row.name.split(' ')[0]}${when}`,
        value: `${v.toFixed(2)} ms`,
        baseline: ours && oneShot?.[regime] !== undefined && bwrap?.[regime] !== undefined ? `C ${oneShot[regime]!.toFixed(2)}, bwrap ${bwrap[regime]!.toFixed(2)} ms` : '',
        ratio: ours && against ? `×${(v / against).toFixed(2)} of ${oneShot?.[regime] !== undefined ? 'C' : 'bwrap'}` : '',
        // the tighter of ≤ 2× the one-shot C and < bwrap (both in the baseline column)
        target: ours && Number.isFinite(t.limit) ? `≤ ${t.limit.toFixed(2)} ms` : '',
        ok: !ours || v <= t.limit,
      });
    }
  }
  for (const s of r.skipped) rows.push({ name: 'host: skipped', value: '', baseline: s, ratio: '', target: '', ok: true });
  return rows;
}

// run directly: node --import tsx host-backend/agent/bench.ts
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchHost({ log: (s) => process.stderr.write(`${s}\n`) });
  console.log(formatHostBench(r));
}
