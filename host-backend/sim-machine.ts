// The simulator's fresh machine, built from the same description the
// real-host agent builds its sandboxes from (rootfs.ts): after
// machine_boot(), init makes the tree and the mounts with ordinary calls,
// so both backends start from the same files and the same mount table.
import type { instantiate } from '../kernel-sim/build/kernel.js';
import type { MachineConfig } from './backend.ts';
import { ROOTFS_MOUNTS, ROOTFS_NODES, cgroupMounts, type CgroupHierarchyMount } from './rootfs.ts';

type Kernel = Awaited<ReturnType<typeof instantiate>>;

/**
 * The cgroup hierarchies of a machine of each mode, as systemd lays them out
 * (the hybrid one is this project's CI host's: v1 controllers one per
 * hierarchy, name=systemd, cgroup2 at "unified").
 */
export function cgroupHierarchies(cfg: MachineConfig): CgroupHierarchyMount[] {
  if (cfg.cgroupHierarchies) return cfg.cgroupHierarchies;
  if (cfg.cgroup === 'v2') return [{ dir: '', version: 2, options: '' }];
  const v1: CgroupHierarchyMount[] = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids']
    .map((c) => ({ dir: c, version: 1, options: c }));
  v1.push({ dir: 'systemd', version: 1, options: 'none,name=systemd' });
  if (cfg.cgroup === 'hybrid') v1.push({ dir: 'unified', version: 2, options: '' });
  return v1;
}

/** A host-file's size in the simulator (the host agent copies the real file). */
const HOST_FILE_SIZE = 2_008_936;

export function buildMachine(k: Kernel, cfg: MachineConfig): void {
  const init = 1;
  const check = (what: string, r: number) => {
    if (r < 0) throw new Error(`building the machine: ${what} failed (${r})`);
  };
  for (const n of ROOTFS_NODES) {
    switch (n.kind) {
      case 'dir': check(`mkdir ${n.path}`, k.sys_mkdir(init, n.path, 0o777)); check(`chmod ${n.path}`, k.sys_chmod(init, n.path, n.mode)); break;
      case 'file': check(`write ${n.path}`, k.vfs_write(init, n.path, n.text)); check(`chmod ${n.path}`, k.sys_chmod(init, n.path, n.mode)); break;
      case 'host-file':
        check(`write ${n.path}`, k.vfs_write(init, n.path, ''));
        check(`chmod ${n.path}`, k.sys_chmod(init, n.path, n.mode));
        check(`size ${n.path}`, k.machine_set_size(init, n.path, cfg.hostFileSizes?.[n.from] ?? HOST_FILE_SIZE));
        break;
      case 'symlink': check(`symlink ${n.path}`, k.sys_symlink(init, n.target, n.path)); break;
      case 'link': check(`link ${n.path}`, k.sys_link(init, n.to, n.path)); break;
    }
  }
  for (const m of [...ROOTFS_MOUNTS, ...cgroupMounts(cgroupHierarchies(cfg))]) {
    if (m.kind === 'fs') {
      if (m.target.startsWith('/sys/fs/cgroup/')) k.sys_mkdir(init, m.target, 0o755);
      const r = k.sys_mount(init, m.source, m.target, m.fstype, m.flags, m.data);
      // TRANSITION: cgroupfs lands with the cgroup issue; until then its mounts are absent
      if (r === -19 && m.fstype.startsWith('cgroup')) continue;
      check(`mount ${m.target}`, r);
    } else {
      const dev = m.from.replace(/^\/dev\//, '');
      check(`write ${m.target}`, k.vfs_write(init, m.target, ''));
      check(`bind ${m.target}`, k.machine_bind_dev(init, dev, m.target));
    }
  }
  k.sys_chdir(init, '/');
  k.machine_built();
}
