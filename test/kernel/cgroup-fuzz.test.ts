// Random cgroup operations (mkdir/rmdir, limits, fork/exit/wait, moves,
// allocations, cgroup namespaces, subtree_control) in every cgroup mode:
// the kernel's and the cgroup model's invariants hold throughout.
import { it, expect } from 'vitest';
import { bootCgroupKernel } from './cgroup-boot.ts';
it('3000 random cgroup operations per mode keep kernel_check() (the cgroup invariants included) empty', async () => {
  for (const mode of ['hybrid', 'v2', 'v1'] as const) {
    const k = await bootCgroupKernel(mode, { cpus: 4, memory: 64 << 20 });
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const dirs = mode === 'v2' ? ['/sys/fs/cgroup'] : ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/unified', '/sys/fs/cgroup/cpuset'];
    if (mode === 'v2') k.vfs_write(1, '/sys/fs/cgroup/cgroup.subtree_control', '+pids +memory +cpuset');
    const cgs: string[] = [...dirs];
    const tasks = [1];
    for (let i = 0; i < 3000; i++) {
      const t = tasks[rnd(tasks.length)];
      const op = rnd(10);
      if (op === 0) { const d = `${cgs[rnd(cgs.length)]}/x${i}`; if (k.sys_mkdir(1, d, 0o755) === 0) { cgs.push(d); k.vfs_write(1, `${d}/cpuset.cpus`, '0-3'); k.vfs_write(1, `${d}/cpuset.mems`, '0'); k.vfs_write(1, `${d}/pids.max`, String(rnd(5))); k.vfs_write(1, `${d}/memory.max`, String(rnd(8) << 20)); k.vfs_write(1, `${d}/memory.limit_in_bytes`, String(rnd(8) << 20)); } }
      else if (op === 1) { const r = k.sys_fork(t); if (r > 0) tasks.push(k.last_child()); }
      else if (op === 2 && t !== 1) k.sys_exit(t, 0);
      else if (op === 3) k.sys_waitpid(t, -1, 1);
      else if (op === 4) k.vfs_write(1, `${cgs[rnd(cgs.length)]}/cgroup.procs`, String(t));
      else if (op === 5) k.sys_alloc(t, rnd(4 << 20));
      else if (op === 6) { const d = cgs[rnd(cgs.length)]; if (!dirs.includes(d) && k.sys_rmdir(1, d) === 0) cgs.splice(cgs.indexOf(d), 1); }
      else if (op === 7) k.sys_unshare(t, 0x02000000);
      else if (op === 8) k.vfs_read(t, `/proc/${tasks[rnd(tasks.length)]}/cgroup`);
      else if (op === 9) k.vfs_write(1, `${cgs[rnd(cgs.length)]}/cgroup.subtree_control`, rnd(2) ? '+pids' : '-pids');
      k.sys_waitpid(1, -1, 1);
      if (i % 50 === 0) { expect(k.kernel_check(), `${mode} step ${i}`).toBe(''); expect(k.kernel_check()).toBe(''); }
    }
  }
});
