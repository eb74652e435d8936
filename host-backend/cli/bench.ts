// `nslab bench` (`npm run bench`): the model's speed and memory, each
// printed beside a baseline measured in the same run — the real kernel
// doing the same thing through a small C program — as a ratio.
//
// Targets (issue 2): >= 1,000,000 simple calls/s; a fork+exit+wait cycle
// >= 100x faster than the kernel's; a 100,000-task tree in < 200 ms;
// < 1 KiB of wasm memory per task. The app's budgets (issue 6) are measured
// in the browser (bench-web.ts), the real host's (issue 3) by agent/bench.ts.
// --quick: smaller runs; --sim-only: the model alone; --no-web: no browser;
// --no-host: not the real host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../../kernel-sim/build/kernel.js';
import { DEFAULT_MACHINE } from '../backend.ts';
import { buildMachine } from '../sim-machine.ts';
import type { Row } from './bench-row.ts';
import { webBench } from './bench-web.ts';

type Kernel = Awaited<ReturnType<typeof instantiate>>;
const SIGCHLD = 17;
const CLONE_NEWPID = 0x20000000;

async function freshKernel(): Promise<Kernel> {
  const wasm = readFileSync(fileURLToPath(new URL('../../kernel-sim/build/kernel.wasm', import.meta.url)));
  const k = await instantiate(await WebAssembly.compile(wasm), { env: {} });
  if (k.machine_boot(8, 4194304, 2, 32, 'bench', 0) !== 1) throw new Error('machine_boot failed');
  buildMachine(k, DEFAULT_MACHINE);
  return k;
}

/** Best of `reps` timings of fn, in ms. */
function best(reps: number, fn: () => void): number {
  let b = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

const C_FORK_LOOP = `
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
int main(int argc, char **argv) {
  int n = atoi(argv[1]);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (p == 0) _exit(0);
    if (p < 0 || waitpid(p, NULL, 0) != p) return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.1f\\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
  return 0;
}
`;

/** ns per fork+_exit+waitpid on this machine's kernel, or null without a C compiler. */
function kernelForkCycleNs(n: number): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
  try {
    writeFileSync(join(dir, 'fork.c'), C_FORK_LOOP);
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', join(dir, 'fork'), join(dir, 'fork.c')]);
    return Number(execFileSync(join(dir, 'fork'), [String(n)], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const C_MOUNTS = `
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/stat.h>
static double ms(struct timespec a, struct timespec b) { return (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6; }
int main(int argc, char **argv) {
  int n = atoi(argv[1]), peers = atoi(argv[2]);
  char p[64];
  struct timespec a, b;
  /* a private mount namespace of our own: everything below goes with this process */
  if (unshare(CLONE_NEWNS) || mount("", "/", "", MS_REC | MS_PRIVATE, "")) return 2;
  if (mount("tmpfs", "/tmp", "tmpfs", 0, "")) return 2;
  mkdir("/tmp/m", 0755);
  for (int i = 0; i < n; i++) { snprintf(p, sizeof p, "/tmp/m/%d", i); mkdir(p, 0755); if (mount("tmpfs", p, "tmpfs", 0, "")) return 3; }
  clock_gettime(CLOCK_MONOTONIC, &a);
  if (unshare(CLONE_NEWNS)) return 4;
  clock_gettime(CLOCK_MONOTONIC, &b);
  double copy = ms(a, b);
  mkdir("/tmp/p", 0755); mount("tmpfs", "/tmp/p", "tmpfs", 0, ""); mount("", "/tmp/p", "", MS_SHARED, "");
  mkdir("/tmp/p/x", 0755); mkdir("/tmp/b", 0755);
  for (int i = 0; i < peers; i++) { snprintf(p, sizeof p, "/tmp/b/%d", i); mkdir(p, 0755); if (mount("/tmp/p", p, "", MS_BIND, "")) return 5; }
  clock_gettime(CLOCK_MONOTONIC, &a);
  if (mount("tmpfs", "/tmp/p/x", "tmpfs", 0, "")) return 6;
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.3f %.3f\\n", copy, ms(a, b));
  return 0;
}
`;

/** The kernel's time for the same two mount operations, in a private mount namespace (root only). */
function kernelMounts(n: number, peers: number): { copyMs: number; propMs: number } | null {
  if (process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
  try {
    writeFileSync(join(dir, 'mounts.c'), C_MOUNTS);
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', join(dir, 'mounts'), join(dir, 'mounts.c')]);
    const [copyMs, propMs] = execFileSync(join(dir, 'mounts'), [String(n), String(peers)], { encoding: 'utf8' }).trim().split(' ').map(Number);
    return { copyMs: copyMs!, propMs: propMs! };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "3.2x faster" / "1.5x slower" of the model against a baseline. */
function ratioText(baseline: number, model: number): string {
  return baseline >= model ? `${(baseline / model).toFixed(1)}x faster` : `${(model / baseline).toFixed(1)}x slower`;
}


const fmt = (n: number, unit: string) => `${n >= 100 ? n.toFixed(0) : n.toFixed(2)} ${unit}`;

export async function benchMain(args: readonly string[]): Promise<number> {
  const quick = args.includes('--quick');
  const rows: Row[] = [];

  // simple calls: getpid as init
  {
    const k = await freshKernel();
    const n = quick ? 200_000 : 2_000_000;
    const ms = best(3, () => { for (let i = 0; i < n; i++) { k.sys_getpid(1); k.gc_tick(); } });
    const perSec = n / (ms / 1000);
    rows.push({ name: 'getpid() calls', value: `${(perSec / 1e6).toFixed(2)} M/s`, baseline: '', ratio: '', target: '>= 1 M/s', ok: perSec >= 1e6 });
  }

  // fork + exit + wait, against the kernel
  {
    const k = await freshKernel();
    const n = quick ? 20_000 : 200_000;
    const ms = best(3, () => {
      for (let i = 0; i < n; i++) {
        k.sys_fork(1);
        k.sys_exit(k.last_child(), 0);
        k.sys_waitpid(1, -1, 0);
        k.gc_tick();
      }
    });
    const simNs = (ms * 1e6) / n;
    const kernelNs = kernelForkCycleNs(quick ? 500 : 5000);
    const ratio = kernelNs ? kernelNs / simNs : NaN;
    rows.push({
      name: 'fork+exit+wait cycle', value: fmt(simNs / 1000, 'µs'),
      baseline: kernelNs ? `kernel ${fmt(kernelNs / 1000, 'µs')}` : 'no C compiler',
      ratio: kernelNs ? `${ratio.toFixed(0)}x faster` : '', target: '>= 100x', ok: kernelNs ? ratio >= 100 : false,
    });
  }

  // a 100,000-task tree: each new task forked by a random earlier one; memory per task
  {
    const k = await freshKernel();
    const n = 100_000;
    const before = k.memory.buffer.byteLength;
    let seed = 1;
    const refs: number[] = [1];
    const t0 = performance.now();
    for (let i = 0; i < n - 1; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const parent = refs[seed % refs.length]!;
      if (k.sys_fork(parent) > 0) refs.push(k.last_child());
      k.gc_tick();
    }
    const ms = performance.now() - t0;
    const perTask = (k.memory.buffer.byteLength - before) / (n - 1);
    rows.push({ name: '100,000-task tree', value: fmt(ms, 'ms'), baseline: `${k.task_count()} tasks`, ratio: '', target: '< 200 ms', ok: ms < 200 && k.task_count() === n });
    rows.push({ name: 'memory per task', value: fmt(perTask, 'B'), baseline: 'wasm memory growth', ratio: '', target: '< 1024 B', ok: perTask < 1024 });
  }

  // 32 nested PID namespaces, then a task at the bottom reading its NSpid
  {
    const k = await freshKernel();
    const t0 = performance.now();
    let t = 1;
    for (let l = 0; l < 32; l++) {
      k.sys_clone(t, CLONE_NEWPID | SIGCHLD);
      k.gc_tick();
      t = k.last_child();
    }
    const nspid = k.vfs_read(1, `/proc/${t}/status`).split('\n').find((x) => x.startsWith('NSpid'))!.split('\t').length - 1;
    const total = performance.now() - t0;
    rows.push({ name: '32 nested PID namespaces', value: fmt(total, 'ms'), baseline: `NSpid has ${nspid} levels`, ratio: '', target: '33 levels', ok: nspid === 33 });
  }

  // mounts: a 10,000-mount table copied by CLONE_NEWNS; a mount propagated to 1,000 peers
  {
    const k = await freshKernel();
    const n = quick ? 1000 : 10_000;
    k.sys_mkdir(1, '/tmp/m', 0o755);
    for (let i = 0; i < n; i++) {
      k.sys_mkdir(1, `/tmp/m/${i}`, 0o755);
      k.sys_mount(1, 'tmpfs', `/tmp/m/${i}`, 'tmpfs', 0, '');
      k.gc_tick();
    }
    // best of three copies (each copies init's whole table)
    let r = 0;
    const copyMs = best(3, () => { r = k.sys_clone(1, 0x00020000 /* CLONE_NEWNS */ | SIGCHLD); });
    const kernel = kernelMounts(n, quick ? 100 : 1000);
    rows.push({
      name: `${n.toLocaleString('en')}-mount CLONE_NEWNS`, value: fmt(copyMs, 'ms'),
      baseline: kernel ? `kernel ${fmt(kernel.copyMs, 'ms')}` : 'kernel: needs root', ratio: kernel ? ratioText(kernel.copyMs, copyMs) : '',
      target: '< 50 ms', ok: r > 0 && copyMs < 50,
    });
    const k2 = await freshKernel();
    const peers = quick ? 100 : 1000;
    k2.sys_mkdir(1, '/tmp/p', 0o755);
    k2.sys_mount(1, 'tmpfs', '/tmp/p', 'tmpfs', 0, '');
    k2.sys_mount(1, '', '/tmp/p', '', 1 << 20 /* MS_SHARED */, '');
    for (let i = 0; i < 3; i++) k2.sys_mkdir(1, `/tmp/p/x${i}`, 0o755);
    k2.sys_mkdir(1, '/tmp/b', 0o755);
    for (let i = 0; i < peers; i++) {
      k2.sys_mkdir(1, `/tmp/b/${i}`, 0o755);
      k2.sys_mount(1, '/tmp/p', `/tmp/b/${i}`, '', 4096 /* MS_BIND */, '');
      k2.gc_tick();
    }
    // best of three mounts, each on its own directory of the shared mount
    let m = 0, x = 0;
    const propMs = best(3, () => { m = k2.sys_mount(1, 'tmpfs', `/tmp/p/x${x++}`, 'tmpfs', 0, ''); });
    const copies = k2.vfs_read(1, '/proc/self/mountinfo').split('\n').filter((l) => l.includes('/x0 ')).length;
    rows.push({
      name: `mount to ${peers.toLocaleString('en')} peers`, value: fmt(propMs, 'ms'),
      baseline: kernel ? `kernel ${fmt(kernel.propMs, 'ms')}` : `${copies} copies`, ratio: kernel ? ratioText(kernel.propMs, propMs) : '',
      target: '< 50 ms', ok: m === 0 && copies === peers + 1 && propMs < 50,
    });
  }

  // cgroups (v2): 10,000 cgroups and 100,000 tasks; moving a task and charging memory cost the same as on a small machine
  {
    const measure = async (tasks: number) => {
      const k = await freshKernel();
      const groups = quick ? 1000 : 10_000;
      k.vfs_write(1, '/sys/fs/cgroup/cgroup.subtree_control', '+memory +pids');
      for (let i = 0; i < groups; i++) { k.sys_mkdir(1, `/sys/fs/cgroup/g${i}`, 0o755); k.gc_tick(); }
      const refs: number[] = [];
      for (let i = 0; i < tasks; i++) { if (k.sys_fork(1) > 0) refs.push(k.last_child()); k.gc_tick(); }
      let j = 0;
      const reps = 2000;
      const moveMs = best(3, () => {
        for (let i = 0; i < reps; i++, j++) k.vfs_write(1, `/sys/fs/cgroup/g${j % groups}/cgroup.procs`, String(refs[j % refs.length]));
      }) / reps;
      k.gc_tick();
      const chargeMs = best(3, () => { for (let i = 0; i < reps; i++) k.sys_alloc(refs[i % refs.length]!, 4096); }) / reps;
      return { moveUs: moveMs * 1000, chargeUs: chargeMs * 1000 };
    };
    const small = await measure(1000);
    const big = await measure(quick ? 10_000 : 100_000);
    rows.push({ name: 'cgroup move (100k tasks)', value: fmt(big.moveUs, 'µs'), baseline: `1k tasks ${fmt(small.moveUs, 'µs')}`, ratio: ratioText(small.moveUs, big.moveUs), target: 'constant', ok: big.moveUs < small.moveUs * 3 });
    rows.push({ name: 'memory charge (100k tasks)', value: fmt(big.chargeUs, 'µs'), baseline: `1k tasks ${fmt(small.chargeUs, 'µs')}`, ratio: ratioText(small.chargeUs, big.chargeUs), target: 'constant', ok: big.chargeUs < small.chargeUs * 3 });
  }

  // the app's budgets, in the browser
  if (!args.includes('--sim-only') && !args.includes('--no-web')) rows.push(...await webBench(quick));

  // the real-host backend's figures, when that part is present
  const hostBench = fileURLToPath(new URL('../agent/bench.ts', import.meta.url));
  if (existsSync(hostBench) && !args.includes('--sim-only') && !args.includes('--no-host')) {
    const mod = await import('../agent/bench.ts') as { hostBench?: (quick: boolean) => Promise<Row[]> };
    if (typeof mod.hostBench === 'function') rows.push(...await mod.hostBench(quick));
  }

  const w = (s: string, n: number) => s.padEnd(n);
  console.log(`${w('benchmark', 30)}${w('nslab', 16)}${w('baseline', 26)}${w('ratio', 16)}${w('target', 12)}`);
  for (const r of rows) {
    console.log(`${w(r.name, 30)}${w(r.value, 16)}${w(r.baseline, 26)}${w(r.ratio, 16)}${w(r.target, 12)}${r.ok ? 'ok' : 'MISSED'}`);
  }
  return 0;
}
