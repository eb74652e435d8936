// `npm run bench`, the host's part: measured side by side in one run,
// - the agent's per-call latency against the same syscall in a plain C loop;
// - the time to create a sandbox and run `true` in it, against unshare(1),
//   bwrap, crun and runc with an equivalent busybox root.
// External tools are timed in a shell loop (date +%s%N) and the loop's own
// cost (sh starting /bin/true) is subtracted, so every row is the tool's work.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteBackend } from '../remote-backend.ts';
import { detectCgroups } from './cgroups.ts';
import { startAgent } from './server.ts';

export interface BenchRow {
  name: string;
  /** mean time per operation, ms */
  ms: number;
  note?: string;
}

export interface HostBench {
  perCall: BenchRow[];
  sandbox: BenchRow[];
  skipped: string[];
}

const here = dirname(fileURLToPath(import.meta.url));

const C_LOOP = `#define _GNU_SOURCE
#include <stdio.h>
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

/** Mean ns per run of `cmd` in a sh loop of n runs, inside `wrap` (a shell prefix that runs the loop). */
function shellLoop(cmd: string, n: number, setup = ''): number {
  const script = `${setup}
i=0; s=$(date +%s%N)
while [ $i -lt ${n} ]; do ${cmd.replaceAll('$ID', '$i')} >/dev/null 2>&1 || exit 9; i=$((i+1)); done
e=$(date +%s%N); echo $(( (e - s) / ${n} ))`;
  return Number(execFileSync('sh', ['-c', script], { encoding: 'utf8' }).trim());
}

export async function benchHost(opts: { iterations?: number; log?: (s: string) => void } = {}): Promise<HostBench> {
  const n = opts.iterations ?? 20;
  const log = opts.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
  chmodSync(work, 0o711); // the sandboxes' root (an unprivileged uid) reaches their root directories through it
  const skipped: string[] = [];
  const perCall: BenchRow[] = [];
  const sandbox: BenchRow[] = [];
  try {
    // per call
    writeFileSync(join(work, 'loop.c'), C_LOOP);
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-include', 'stdlib.h', '-o', join(work, 'loop'), join(work, 'loop.c')]);
    const cNs = Number(execFileSync(join(work, 'loop'), ['2000000'], { encoding: 'utf8' }));
    perCall.push({ name: 'getpid() in a C loop', ms: cNs / 1e6 });
    log('per-call latency…');
    const state = join(work, 'state');
    {
      // the agent in a process of its own, as `nslab agent` runs it
      const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'main.ts'), '--state-dir', join(work, 'state-p'), '--warm', '0', '--rate', '1000000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        let out = '';
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const line = out.split('\n').find((l) => l.startsWith('ws://'));
            if (line) resolve(line.trim());
          });
          child.once('exit', (code) => reject(new Error(`agent exited (${code}): ${out}`)));
        });
        const b = new RemoteBackend(url);
        await b.boot();
        // past the JIT's warm-up
        for (let i = 0; i < 3000; i++) await b.call(1, 'getpid', []);
        const calls = 5000;
        const t0 = performance.now();
        for (let i = 0; i < calls; i++) await b.call(1, 'getpid', []);
        perCall.push({ name: 'getpid() through the agent (WebSocket to `nslab agent`)', ms: (performance.now() - t0) / calls });
        await b.close();
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    const agent = await startAgent({ stateDir: state, limits: { warm: 0, rate: 1e9 } });
    try {
      const b = new RemoteBackend(agent.url);

      // sandbox + true, cold: every boot makes the cgroups, the namespaces and the root
      log('sandbox creation…');
      const once = async (bk: RemoteBackend) => {
        const s = performance.now();
        await bk.boot();
        const f = await bk.call(1, 'fork', []);
        await bk.call(f.child!, 'exec' as never, ['/bin/true'] as never);
        await bk.call(1, 'waitpid', [f.ret, 0]);
        return performance.now() - s;
      };
      await once(b);
      let total = 0;
      for (let i = 0; i < n; i++) total += await once(b);
      sandbox.push({ name: 'nslab, cold boot + fork + exec true', ms: total / n, note: 'cgroups in every hierarchy, 6 namespaces, pivot_root, /proc, /sys' });
      await b.close();
    } finally {
      await agent.close();
    }
    const warm = await startAgent({ stateDir: state, limits: { warm: 1, rate: 1e9 } });
    try {
      const b = new RemoteBackend(warm.url);
      let total = 0;
      for (let i = 0; i <= n; i++) {
        await warm.warmed(); // the pool refills between runs, as between a user's runs
        const s = performance.now();
        await b.boot();
        const f = await b.call(1, 'fork', []);
        await b.call(f.child!, 'exec' as never, ['/bin/true'] as never);
        await b.call(1, 'waitpid', [f.ret, 0]);
        if (i > 0) total += performance.now() - s;
      }
      sandbox.push({ name: 'nslab, warm boot (machine booted ahead) + fork + exec true', ms: total / n });
      await b.close();
    } finally {
      await warm.close();
    }

    // the same with the usual tools, busybox root for those that take one
    const root = join(work, 'bundle', 'rootfs');
    for (const d of ['bin', 'proc', 'dev', 'sys', 'tmp']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    symlinkSync('busybox', join(root, 'bin', 'true'));
    symlinkSync('busybox', join(root, 'bin', 'sh'));
    const loops = Math.max(n, 20);
    const base = shellLoop('/bin/true', loops) / 1e6;
    const ext = (name: string, cmd: string, setup = '', note?: string) => {
      const tool = cmd.split(' ')[0]!;
      if (!has(tool)) { skipped.push(`${name}: ${tool} is not installed`); return; }
      try {
        sandbox.push({ name, ms: Math.max(0, shellLoop(cmd, loops, setup) / 1e6 - base), note });
      } catch (e) {
        skipped.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
      }
    };
    log('unshare, bwrap, crun, runc…');
    ext('unshare(1) --fork --pid --mount-proc --net --uts --ipc --mount --cgroup true', 'unshare -fpnuim --cgroup --mount-proc /bin/true');
    ext('bwrap --unshare-all, busybox root, /proc, /dev', `bwrap --unshare-all --bind ${root} / --proc /proc --dev /dev /bin/true`);
    if (has('crun') || has('runc')) {
      execFileSync('crun', ['spec'], { cwd: join(work, 'bundle') });
      const cfgPath = join(work, 'bundle', 'config.json');
      const cfg = JSON.parse(execFileSync('cat', [cfgPath], { encoding: 'utf8' }));
      cfg.process.terminal = false;
      cfg.process.args = ['/bin/true'];
      writeFileSync(cfgPath, JSON.stringify(cfg));
      // crun 1.8 refuses a hybrid layout: give it a mount namespace where cgroup2 is hidden
      const hybrid = detectCgroups().mode === 'hybrid';
      const v2 = detectCgroups().hierarchies.find((h) => h.version === 2)?.mount;
      const hide = hybrid && v2 ? `mount -t tmpfs tmpfs ${v2}` : '';
      const bundle = join(work, 'bundle');
      if (!hybrid) ext('crun run, busybox bundle', `crun run -b ${bundle} nslab-bench-$$-$ID`);
      else if (!has('crun')) skipped.push('crun: not installed');
      else {
        try {
          const script = `${hide}\ni=0; s=$(date +%s%N)\nwhile [ $i -lt ${loops} ]; do crun run -b ${bundle} nslab-bench-$$-$i >/dev/null 2>&1 || exit 9; i=$((i+1)); done\ne=$(date +%s%N); echo $(( (e - s) / ${loops} ))`;
          const ms = Number(execFileSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' }).trim()) / 1e6;
          sandbox.push({ name: 'crun run, busybox bundle', ms: Math.max(0, ms - base), note: 'in a mount namespace with cgroup2 hidden: crun 1.8 refuses hybrid' });
        } catch (e) {
          skipped.push(`crun: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      ext('runc run, busybox bundle', `runc run -b ${join(work, 'bundle')} nslab-bench-$$-$ID`);
    } else {
      skipped.push('crun, runc: not installed');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { perCall, sandbox, skipped };
}

/** The report `nslab bench` prints: times and ratios against nslab's rows. */
export function formatHostBench(r: HostBench): string {
  const out: string[] = [];
  const c = r.perCall[0]!, agent = r.perCall[1]!;
  out.push('host: per-call latency');
  for (const row of r.perCall) out.push(`  ${(row.ms * 1000).toFixed(2).padStart(10)} µs  ${row.name}`);
  out.push(`  overhead of the agent over the raw syscall: ${((agent.ms - c.ms) * 1000).toFixed(1)} µs (target < 100 µs)`);
  out.push('host: sandbox + true');
  const cold = r.sandbox[0]!, warm = r.sandbox[1];
  for (const row of r.sandbox) {
    const ratio = (row === cold || row === warm) ? '' : `   cold ×${(cold.ms / row.ms).toFixed(2)}${warm ? `, warm ×${(warm.ms / row.ms).toFixed(2)}` : ''}`;
    out.push(`  ${row.ms.toFixed(2).padStart(8)} ms  ${row.name}${row.note ? ` (${row.note})` : ''}${ratio}`);
  }
  for (const s of r.skipped) out.push(`  skipped: ${s}`);
  return out.join('\n');
}

/** Rows for `nslab bench` (host-backend/cli/bench.ts). */
export interface Row { name: string; value: string; baseline: string; ratio: string; target: string; ok: boolean }

/** The issue's reference: a one-shot C program doing the same setup and exec in about 1.8 ms. */
const ONE_SHOT_C_MS = 1.8;

export async function hostBench(quick: boolean): Promise<Row[]> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return [{ name: 'host backend', value: 'skipped', baseline: 'needs Linux and root', ratio: '', target: '', ok: true }];
  }
  const r = await benchHost({ iterations: quick ? 5 : 20 });
  const rows: Row[] = [];
  const [c, agent] = r.perCall;
  if (c && agent) {
    const over = (agent.ms - c.ms) * 1000;
    rows.push({ name: 'host: agent call (getpid)', value: `${(agent.ms * 1000).toFixed(1)} µs`, baseline: `C loop ${(c.ms * 1000).toFixed(2)} µs`, ratio: `+${over.toFixed(1)} µs`, target: '< +100 µs', ok: over < 100 });
  }
  const bwrap = r.sandbox.find((x) => x.name.startsWith('bwrap'));
  for (const row of r.sandbox) {
    const ours = row.name.startsWith('nslab');
    rows.push({
      name: `host: ${ours ? (row.name.includes('warm') ? 'sandbox+true warm' : 'sandbox+true cold') : row.name.split(' ')[0]}`,
      value: `${row.ms.toFixed(2)} ms`,
      baseline: ours && bwrap ? `bwrap ${bwrap.ms.toFixed(2)} ms` : '',
      ratio: ours && bwrap ? `×${(row.ms / bwrap.ms).toFixed(2)} of bwrap` : '',
      target: ours ? `≤ ${2 * ONE_SHOT_C_MS} ms` : '',
      ok: !ours || row.ms <= 2 * ONE_SHOT_C_MS,
    });
  }
  for (const s of r.skipped) rows.push({ name: 'host: skipped', value: '', baseline: s, ratio: '', target: '', ok: true });
  return rows;
}

// run directly: node --import tsx host-backend/agent/bench.ts
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchHost({ log: (s) => process.stderr.write(`${s}\n`) });
  console.log(formatHostBench(r));
}
