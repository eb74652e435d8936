// The host's cgroup hierarchies, and each session's delegated subtree in
// them: one directory "nslab-<session>" under the agent's own cgroup in every
// mounted hierarchy (cgroup v1 controllers and named hierarchies, the cgroup2
// hierarchy), so the sandbox's cgroup namespace root is that directory.
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { CgroupMode } from '../backend.ts';

export interface Hierarchy {
  version: 1 | 2;
  /** where the host mounts it */
  mount: string;
  /** v1: the controllers bound to it ("name=systemd" for a named one); v2: those enabled for our children */
  controllers: string[];
  /** the mount options the sandbox mounts it with ("cpu,cpuacct", "none,name=systemd", "") */
  options: string;
  /** the agent's own cgroup in it, as /proc/self/cgroup says ("/" or "/a/b") */
  own: string;
}

export interface CgroupLayout {
  mode: CgroupMode;
  hierarchies: Hierarchy[];
}

const V1_CONTROLLERS = new Set([
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'blkio', 'perf_event',
  'net_prio', 'hugetlb', 'pids', 'rdma', 'misc',
]);

/** Reads /proc/self/mountinfo and /proc/self/cgroup. */
export function detectCgroups(): CgroupLayout {
  const own = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (m) own.set(m[2]!, m[3]!);
  }
  const seen = new Set<string>();
  const hierarchies: Hierarchy[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const [fstype, , superOpts = ''] = line.slice(sep + 3).split(' ');
    const root = left[3]!;
    const mount = left[4]!.replace(/\\040/g, ' ');
    if (root !== '/' || (fstype !== 'cgroup' && fstype !== 'cgroup2')) continue;
    if (fstype === 'cgroup2') {
      if (seen.has('')) continue;
      seen.add('');
      hierarchies.push({ version: 2, mount, controllers: [], options: '', own: own.get('') ?? '/' });
      continue;
    }
    const opts = superOpts.split(',');
    const ctrls = opts.filter((o) => V1_CONTROLLERS.has(o));
    const name = opts.find((o) => o.startsWith('name='));
    const key = [...ctrls, ...(name ? [name] : [])].join(',');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    hierarchies.push({
      version: 1, mount, controllers: name ? [...ctrls, name] : ctrls,
      options: name && !ctrls.length ? `none,${name}` : key, own: own.get(key) ?? '/',
    });
  }
  const v1 = hierarchies.some((h) => h.version === 1);
  const v2 = hierarchies.find((h) => h.version === 2);
  if (v2) v2.controllers = readList(`${v2.mount}${v2.own}/cgroup.controllers`);
  return { mode: v1 && v2 ? 'hybrid' : v1 ? 'v1' : 'v2', hierarchies };
}

function readList(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

const join = (h: Hierarchy, leaf: string) => `${h.mount}${h.own === '/' ? '' : h.own}/${leaf}`;

export interface SessionLimits {
  /** pids.max */
  tasks: number;
  /** memory.limit_in_bytes (v1) / memory.max (v2) */
  memory: number;
}

/** The session's directory in every hierarchy (what the state record lists before it is made). */
export function sessionCgroupPaths(layout: CgroupLayout, leaf: string): string[] {
  return layout.hierarchies.map((h) => join(h, leaf));
}

/** Below the session's cgroup, the machine's: its cgroup namespace root, where init starts. */
export const MACHINE_CGROUP = 'machine';

/**
 * Make the session's cgroups and set its limits; returns the machine
 * cgroups (one per hierarchy, in layout order). The limits are set on the
 * session's cgroup, one level above the machine's cgroup namespace root, so
 * that the sandbox (root in its user namespace, owner of the files it can
 * reach) cannot raise them. Where a v2 controller we need is not enabled
 * below the agent's cgroup it is enabled there (v2 delegation), when the
 * kernel allows it.
 */
export function createSessionCgroups(layout: CgroupLayout, leaf: string, limits: SessionLimits, owner: number): string[] {
  const machines: string[] = [];
  for (const h of layout.hierarchies) {
    const dir = join(h, leaf);
    if (h.version === 2) enableV2(h);
    mkdirSync(dir);
    const has = (c: string) => h.controllers.includes(c) && (h.version === 1 || readList(`${dir}/cgroup.controllers`).includes(c));
    if (h.version === 2) {
      const sub = readList(`${dir}/cgroup.controllers`).filter((c) => ['pids', 'memory', 'cpuset', 'cpu'].includes(c));
      for (const c of sub) try { writeFileSync(`${dir}/cgroup.subtree_control`, `+${c}`); } catch { /* not delegable */ }
    }
    const machine = `${dir}/${MACHINE_CGROUP}`;
    mkdirSync(machine);
    machines.push(machine);
    // cpuset v1: a new cgroup starts with no CPUs and no memory nodes, and tasks cannot join it
    if (h.version === 1 && h.controllers.includes('cpuset')) {
      const parent = join(h, '').slice(0, -1);
      for (const d of [dir, machine]) {
        writeFileSync(`${d}/cpuset.cpus`, readFileSync(`${parent}/cpuset.cpus`, 'utf8').trim() || '\n');
        writeFileSync(`${d}/cpuset.mems`, readFileSync(`${parent}/cpuset.mems`, 'utf8').trim() || '\n');
      }
    }
    if (has('pids')) writeFileSync(`${dir}/pids.max`, String(limits.tasks));
    if (has('memory')) writeFileSync(`${dir}/${h.version === 1 ? 'memory.limit_in_bytes' : 'memory.max'}`, String(limits.memory));
    // delegation (cgroups(7), "Cgroups v2 delegation"): the machine cgroup and its files belong
    // to the sandbox's root, so it may make cgroups there, move its tasks, set its own limits
    chownSync(machine, owner, owner);
    for (const f of readdirSync(machine)) chownSync(`${machine}/${f}`, owner, owner);
  }
  return machines;
}

function enableV2(h: Hierarchy): void {
  const want = ['pids', 'memory', 'cpuset', 'cpu'].filter((c) => h.controllers.includes(c));
  const parent = join(h, '').slice(0, -1);
  const enabled = readList(`${parent}/cgroup.subtree_control`);
  for (const c of want) {
    if (enabled.includes(c)) continue;
    try {
      writeFileSync(`${parent}/cgroup.subtree_control`, `+${c}`);
    } catch { /* EBUSY: the agent's cgroup holds processes (no internal processes rule); see prepareV2 */ }
  }
}

/**
 * cgroup v2's "no internal processes" rule: controllers can be given to the
 * session cgroups only if the agent's own cgroup holds no process. When the
 * agent is alone there, it moves into a leaf of its own, "nslab-agent-<pid>"
 * (removed by the next agent once this one is gone). Returns the limits the
 * sessions will have, or the reason they cannot have them.
 */
export function prepareV2(layout: CgroupLayout): string | null {
  const h = layout.hierarchies.find((x) => x.version === 2);
  if (!h) return null;
  const need = ['pids', 'memory'].filter((c) => !layout.hierarchies.some((x) => x.version === 1 && x.controllers.includes(c)));
  if (need.length === 0) return null;
  const parent = join(h, '').slice(0, -1);
  if (!need.every((c) => h.controllers.includes(c))) {
    return `the cgroup2 controllers ${need.join(', ')} are not available in ${parent} (enable them in its parent's cgroup.subtree_control)`;
  }
  enableV2(h);
  if (need.every((c) => readList(`${parent}/cgroup.subtree_control`).includes(c))) return null;
  const procs = readList(`${parent}/cgroup.procs`).map(Number);
  if (h.own !== '/' && procs.every((p) => p === process.pid)) {
    const leaf = `${parent}/nslab-agent-${process.pid}`;
    mkdirSync(leaf, { recursive: true });
    writeFileSync(`${leaf}/cgroup.procs`, String(process.pid));
    enableV2(h);
    if (need.every((c) => readList(`${parent}/cgroup.subtree_control`).includes(c))) return null;
  }
  return `cannot give the ${need.join(', ')} controllers to session cgroups below ${parent}: it holds other processes (${procs.join(' ')}); start the agent in a cgroup of its own (e.g. systemd-run --scope -p Delegate=yes)`;
}

/**
 * Pay now, off the event loop, the wait the next cgroup migration may have
 * to make. Every write to cgroup.procs takes cgroup_threadgroup_rwsem for
 * writing: the first after a quiet spell waits for an RCU grace period (7-13 ms
 * on this VM when idle), those within a grace period after it do not
 * (rcu_sync). Writing `pid`, a process of the agent's own, into the cgroup it
 * is in already moves nothing and changes nothing, and starts that wait now.
 * Never fails: it only saves time.
 */
export async function primeMigration(layout: CgroupLayout, pid: number): Promise<void> {
  const h = layout.hierarchies[0];
  if (!h) return;
  try {
    const key = h.version === 2 ? '' : h.controllers.join(',');
    for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
      const m = /^\d+:([^:]*):(.*)$/.exec(line);
      if (m && m[1] === key) {
        await writeFile(`${h.mount}${m[2] === '/' ? '' : m[2]}/cgroup.procs`, String(pid));
        return;
      }
    }
  } catch { /* gone, or refused: the migration that needs it waits as it would have */ }
}

/** Leaves of agents that are gone (prepareV2), in the agent's cgroup2 parent. */
export function removeStaleAgentLeaves(layout: CgroupLayout, alive: (pid: number) => boolean): void {
  const h = layout.hierarchies.find((x) => x.version === 2);
  if (!h) return;
  const parent = join(h, '').slice(0, -1);
  let entries: string[] = [];
  try { entries = readdirSync(parent); } catch { return; }
  for (const e of entries) {
    const m = /^nslab-agent-(\d+)$/.exec(e);
    if (m && !alive(Number(m[1]))) try { rmdirSync(`${parent}/${e}`); } catch { /* still in use */ }
  }
}

/** Every process in the subtree (host pids), deepest first. */
export function subtreeProcs(dir: string): number[] {
  const out: number[] = [];
  for (const d of subtreeDirs(dir)) {
    for (const p of readList(`${d}/cgroup.procs`)) out.push(Number(p));
  }
  return out;
}

/** The directory and every cgroup below it, deepest first. */
export function subtreeDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(`${d}/${e.name}`);
    out.push(d);
  };
  walk(dir);
  return out;
}

/** rmdir the subtree, deepest first; false while a cgroup still has tasks. */
export function removeSubtree(dir: string): boolean {
  let ok = true;
  for (const d of subtreeDirs(dir)) {
    try {
      rmdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') ok = false;
    }
  }
  return ok;
}
