// The cgroup hierarchies as init sees them: the cgroup and cgroup2 mounts of
// /proc/1/mountinfo, each walked through cgroupfs (readdir, lstat) with a
// chosen set of its files read. Nothing is worked out here: limits, usage and
// members are the kernel's files, as `cat` would print them.
import type { Backend, TaskRef } from '../../../host-backend/backend.ts';
import type { CgroupHierarchy, CgroupNode, CgroupState } from '../protocol.ts';
import { parseMountinfo } from '../views/mounts/mountinfo.ts';

/** The files a view shows, when the directory has them (cgroup-v2.rst and the v1 controller docs). */
const FILES = [
  'cgroup.controllers', 'cgroup.subtree_control', 'cgroup.type',
  'cpuset.cpus', 'cpuset.cpus.effective', 'cpuset.effective_cpus', 'cpuset.mems', 'cpuset.mems.effective',
  'pids.max', 'pids.current',
  'memory.max', 'memory.current', 'memory.limit_in_bytes', 'memory.usage_in_bytes',
  'cpu.max', 'cpu.weight', 'cpu.shares', 'cpu.cfs_quota_us', 'cpu.cfs_period_us',
];
/** a walk stops here: a view of more cgroups than this is no view */
const MAX_CGROUPS = 400;

export async function readCgroups(b: Backend, viewer: TaskRef): Promise<CgroupState> {
  const cpus = (await b.machine()).cpus;
  const info = await b.call(viewer, 'read_file', [`/proc/self/mountinfo`]);
  if (info.ret < 0) return { cpus, hierarchies: [], missing: `init cannot read /proc/self/mountinfo (-${info.ret})` };
  const mounts = parseMountinfo((info.text ?? '').split('\n')).filter((m) => m.fstype === 'cgroup' || m.fstype === 'cgroup2');
  if (mounts.length === 0) return { cpus, hierarchies: [], missing: 'no cgroup filesystem is mounted in init\u2019s mount namespace' };
  const budget = { left: MAX_CGROUPS };
  const hierarchies: CgroupHierarchy[] = [];
  for (const m of mounts) {
    const version = m.fstype === 'cgroup2' ? 2 : 1;
    // v1: the super options name the hierarchy's controllers ("rw,cpuset", "rw,name=systemd")
    const kind = version === 2 ? 'cgroup2' : m.fsOptions.split(',').filter((o) => o !== 'rw' && o !== 'ro').join(',');
    const root = await walk(b, viewer, m.target, '/', version, budget);
    if (root) hierarchies.push({ mountPoint: m.target, kind, version, root });
  }
  return { cpus, hierarchies };
}

async function walk(b: Backend, viewer: TaskRef, mountPoint: string, path: string, version: 1 | 2, budget: { left: number }): Promise<CgroupNode | null> {
  if (budget.left-- <= 0) return null;
  const dir = path === '/' ? mountPoint : mountPoint + path;
  const list = await b.call(viewer, 'readdir', [dir]);
  if (list.ret < 0) return null;
  const names = (list.text ?? '').split('\n').filter(Boolean);
  const node: CgroupNode = { path, files: {}, members: [], children: [] };
  const present = new Set(names);
  for (const f of FILES) {
    if (!present.has(f)) continue;
    const r = await b.call(viewer, 'read_file', [`${dir}/${f}`]);
    if (r.ret >= 0) node.files[f] = (r.text ?? '').replace(/\n$/, '');
  }
  const membersFile = version === 2 ? 'cgroup.procs' : 'tasks';
  if (present.has(membersFile)) {
    const r = await b.call(viewer, 'read_file', [`${dir}/${membersFile}`]);
    if (r.ret >= 0) node.members = (r.text ?? '').split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  }
  for (const name of names) {
    if (FILES.includes(name) || name.startsWith('cgroup.') || name === 'tasks' || name === 'notify_on_release' || name === 'release_agent') continue;
    const st = await b.call(viewer, 'lstat', [`${dir}/${name}`]);
    if (st.ret < 0 || !(st.text ?? '').startsWith('directory')) continue;
    const child = await walk(b, viewer, mountPoint, (path === '/' ? '' : path) + '/' + name, version, budget);
    if (child) node.children.push(child);
  }
  return node;
}
