// Shared by the host suites: a private agent per suite, the reasons a host
// test cannot run, and the check that a session left nothing behind.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { detectCgroups } from '../../host-backend/agent/cgroups.ts';
import { spawnAgentProcess } from '../../host-backend/agent/cli.ts';
import { DEFAULT_PUPPET, startAgent, type Agent, type AgentOptions } from '../../host-backend/agent/server.ts';
import { StateDir } from '../../host-backend/agent/state.ts';

/** Why the host suites cannot run here, or null. */
export function hostSkipReason(): string | null {
  if (process.platform !== 'linux') return 'the host backend needs Linux';
  if (process.getuid?.() !== 0) return 'the host backend needs root';
  if (!existsSync('/bin/busybox')) return 'no /bin/busybox (apt-get install busybox-static)';
  if (!existsSync(DEFAULT_PUPPET)) execFileSync(process.execPath, ['host-backend/puppet/build.js'], { stdio: 'inherit' });
  try {
    execFileSync('unshare', ['-U', '-p', '-f', '-n', '-m', 'true'], { stdio: 'ignore' });
  } catch {
    return 'the kernel refuses unshare of user, pid, net and mount namespaces here';
  }
  return null;
}

export const SKIP = hostSkipReason();
if (SKIP) console.log(`host tests skipped: ${SKIP}`);

/**
 * A test run that was killed (a timeout, ^C) leaves its agents' cgroups
 * behind in its state directories; the next run removes them, as an agent
 * started after a crash would (state.ts: only records of agents that are gone).
 */
async function recoverEarlierRuns(): Promise<void> {
  for (const d of readdirSync(tmpdir())) {
    if (!d.startsWith('nslab-state-')) continue;
    const dir = join(tmpdir(), d);
    try {
      if (readdirSync(join(dir, 'sessions')).length === 0) continue;
      await new StateDir(dir).recover();
    } catch { /* not a state directory */ }
  }
}
if (!SKIP) await recoverEarlierRuns();

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'nslab-state-'));
}

/** An agent for one suite; no machines booted ahead (they would count as left behind while it runs). */
export async function privateAgent(opts: AgentOptions = {}): Promise<Agent> {
  return startAgent({ stateDir: tempStateDir(), ...opts, limits: { warm: 0, ...opts.limits } });
}

/** Every pid in /proc. */
function allPids(): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
}

function read(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch { return ''; }
}

/** Session cgroup directories an agent with pid `agentPid` made (their names start nslab-<pid>-). */
export function sessionCgroups(agentPid: number): string[] {
  const out: string[] = [];
  for (const h of detectCgroups().hierarchies) {
    const dir = `${h.mount}${h.own === '/' ? '' : h.own}`;
    for (const e of readdirSync(dir)) if (e.startsWith(`nslab-${agentPid}-`)) out.push(`${dir}/${e}`);
  }
  return out;
}

/** Host pids of the processes in an agent's session cgroups (its sandboxes' tasks). */
export function sandboxPids(agentPid: number): number[] {
  const pids = new Set<number>();
  for (const p of allPids()) if (read(`/proc/${p}/cgroup`).includes(`/nslab-${agentPid}-`)) pids.add(p);
  return [...pids];
}

/** The namespaces (as "net:[...]" etc.) the sandboxes of `agentPid` use now, to check later that they are gone. */
export function sandboxNamespaces(agentPid: number): Set<string> {
  const out = new Set<string>();
  for (const p of sandboxPids(agentPid)) {
    for (const t of ['net', 'mnt', 'pid', 'uts', 'ipc', 'user', 'cgroup']) {
      try { out.add(readlinkSync(`/proc/${p}/ns/${t}`)); } catch { /* gone */ }
    }
  }
  return out;
}

export interface Leftovers {
  processes: number[];
  keepers: number[];
  cgroups: string[];
  namespaces: string[];
  mounts: string[];
}

/**
 * What an agent (pid `agentPid`, state directory `stateDir`) left: tasks
 * of its sandboxes, its keeper (with `keeper`, once the agent is closed),
 * session cgroups, the sandboxes' namespaces still held by some process,
 * host mounts below the state directory.
 */
export function leftovers(agentPid: number, stateDir: string, namespaces: Set<string> = new Set(), opts: { keeper?: boolean } = {}): Leftovers {
  const held = new Set<string>();
  const keepers: number[] = [];
  for (const p of allPids()) {
    for (const t of ['net', 'mnt', 'pid', 'uts', 'ipc', 'user', 'cgroup']) {
      try { held.add(readlinkSync(`/proc/${p}/ns/${t}`)); } catch { /* gone or kernel thread */ }
    }
    const stat = read(`/proc/${p}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    // the agent's keeper serves all its sessions: a leftover only once the agent is gone
    if (opts.keeper && ppid === agentPid) {
      try { if (readlinkSync(`/proc/${p}/exe`) === DEFAULT_PUPPET) keepers.push(p); } catch { /* gone */ }
    }
  }
  return {
    processes: sandboxPids(agentPid),
    keepers,
    cgroups: sessionCgroups(agentPid),
    namespaces: [...namespaces].filter((n) => held.has(n)),
    mounts: read('/proc/self/mountinfo').split('\n').filter((l) => l.includes(stateDir)),
  };
}

export const NOTHING: Leftovers = { processes: [], keepers: [], cgroups: [], namespaces: [], mounts: [] };

/** Poll `leftovers` until it is empty or `ms` passed (the kernel frees a dead namespace's tasks asynchronously). */
export async function settleLeftovers(agentPid: number, stateDir: string, ns: Set<string>, opts: { keeper?: boolean } = {}, ms = 3000): Promise<Leftovers> {
  const end = Date.now() + ms;
  for (;;) {
    const l = leftovers(agentPid, stateDir, ns, opts);
    const empty = Object.values(l).every((v) => v.length === 0);
    if (empty || Date.now() > end) return l;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `nslab agent` in a process of its own; resolves with its URL once it
 * printed it. If it still runs when the test ends (the test failed before
 * stopping it), it is stopped then, so that no agent outlives its test.
 */
export async function spawnAgent(stateDir: string): ReturnType<typeof spawnAgentProcess> {
  const a = await spawnAgentProcess(['--state-dir', stateDir]);
  onTestFinished(async () => {
    if (a.child.exitCode !== null || a.child.signalCode !== null) return;
    a.child.kill('SIGTERM');
    await once(a.child, 'exit');
  });
  return a;
}

/** The keeper of the agent `agentPid` (its child running the puppet binary), or undefined. */
export function keeperOf(agentPid: number): number | undefined {
  return leftovers(agentPid, '/nonexistent', new Set(), { keeper: true }).keepers[0];
}

/** Whether `pid` runs (a zombie no longer does: it holds no namespace, file or mount). */
export function running(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  return stat !== '' && !/^\d+ \(.*\) [ZX] /s.test(stat);
}
