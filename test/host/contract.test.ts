// The Backend contract on a real host: each call performed by a real task of
// a sandbox, results and errno as the kernel gives them.
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WOULD_BLOCK, type Backend } from '../../host-backend/backend.ts';
import { CLONE, ERRNO, NS_IOCTL, SIGNALS, WAIT, WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG } from '../../host-backend/errno.ts';
import type { Agent } from '../../host-backend/agent/server.ts';
import { SANDBOX_ID_BASE } from '../../host-backend/agent/machine.ts';
import { openHostBackend, RemoteBackend } from '../../host-backend/remote-backend.ts';
import { NOTHING, privateAgent, sandboxNamespaces, sandboxPids, settleLeftovers, SKIP, tempStateDir } from './helpers.ts';

const SIGCHLD = SIGNALS.SIGCHLD;
const { CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWUTS, CLONE_THREAD, CLONE_SIGHAND, CLONE_VM, CLONE_PARENT } = CLONE;

describe.skipIf(SKIP)('Backend contract on the real kernel', () => {
  let agent: Agent;
  let b: Backend;
  let state: string;
  const call = (task: number, name: Parameters<Backend['call']>[1], ...args: (string | number)[]) => b.call(task, name, args);

  beforeAll(async () => {
    state = tempStateDir();
    agent = await privateAgent({ stateDir: state });
    b = new RemoteBackend(agent.url);
  });
  afterAll(async () => {
    await b?.close();
    await agent?.close();
  });

  it('boot: init is PID 1 of a fresh machine, named "init", hostname from the config, /proc mounted', async () => {
    expect(await b.boot({ hostname: 'lab' })).toBe(1);
    expect(await call(1, 'getpid')).toEqual({ ret: 1 });
    expect(await call(1, 'getppid')).toEqual({ ret: 0 });
    expect(await call(1, 'gethostname')).toEqual({ ret: 0, text: 'lab' });
    expect((await call(1, 'read_file', '/proc/self/comm')).text).toBe('init\n');
    expect((await call(1, 'read_file', '/proc/1/cmdline')).text).toBe('init\0');
    const root = (await call(1, 'readdir', '/')).text!.split('\n');
    for (const d of ['bin', 'sbin', 'etc', 'proc', 'sys', 'tmp', 'var']) expect(root).toContain(d);
    expect((await call(1, 'readlink', '/bin/sh')).text).toBe('busybox');
    expect((await call(1, 'readdir', '/var/lib/lxc/busybox/rootfs/bin')).text).toContain('busybox');
    expect((await call(1, 'read_file', '/etc/passwd')).text).toMatch(/^root:x:0:0:/);
    // the host's processes are not there: only init
    const pids = (await call(1, 'readdir', '/proc')).text!.split('\n').filter((n) => /^\d+$/.test(n));
    expect(pids).toEqual(['1']);
    const m = await b.machine();
    expect(m.hostname).toBe('lab');
    expect(m.pidLevelsLeft).toBe(31);
    expect(['v1', 'v2', 'hybrid']).toContain(m.cgroup);
    expect(m.hostFileSizes).toEqual({ '/bin/busybox': statSync('/bin/busybox').size });
    // the machine mounts the host's hierarchies below /sys/fs/cgroup
    const cg = (await call(1, 'read_file', '/proc/self/mountinfo')).text!.split('\n').filter((l) => / - cgroup2? /.test(l));
    expect(cg.length).toBe(m.cgroupHierarchies!.length);
  });

  it('every namespace of init is the machine\'s own: owned by its user namespace, which has no visible parent', async () => {
    await b.boot();
    const user = (await call(1, 'readlink', '/proc/self/ns/user')).text;
    for (const t of ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup', 'time']) {
      expect(await call(1, 'ioctl_ns', `/proc/self/ns/${t}`, NS_IOCTL.NS_GET_USERNS)).toEqual({ ret: 0, text: user });
    }
    expect(await call(1, 'ioctl_ns', '/proc/self/ns/user', NS_IOCTL.NS_GET_PARENT)).toEqual({ ret: -ERRNO.EPERM });
    expect(await call(1, 'ioctl_ns', '/proc/self/ns/user', NS_IOCTL.NS_GET_USERNS)).toEqual({ ret: -ERRNO.EPERM });
    expect((await call(1, 'readlink', '/proc/self/ns/time')).text).toBe((await call(1, 'readlink', '/proc/self/ns/time_for_children')).text);
  });

  it('fork: the child sees its own pid from getpid() and the parent from getppid()', async () => {
    await b.boot();
    const f = await call(1, 'fork');
    expect(f.ret).toBe(2);
    expect(f.child).toBe(2);
    expect(await call(2, 'getpid')).toEqual({ ret: 2 });
    expect(await call(2, 'getppid')).toEqual({ ret: 1 });
    expect(await call(2, 'gettid')).toEqual({ ret: 2 });
    expect(await b.pidOf(1, 2)).toBe(2);
  });

  it('clone(CLONE_NEWPID): the child is PID 1 of its namespace and its parent is invisible (getppid() == 0)', async () => {
    await b.boot();
    const c = await call(1, 'clone', CLONE_NEWPID | SIGCHLD);
    expect(c.ret).toBeGreaterThan(1);
    const ref = c.child!;
    expect(ref).toBe(c.ret);
    expect(await call(ref, 'getpid')).toEqual({ ret: 1 });
    expect(await call(ref, 'getppid')).toEqual({ ret: 0 });
    expect(await b.pidOf(1, ref)).toBe(c.ret);
    expect(await b.pidOf(ref, ref)).toBe(1);
    expect(await b.pidOf(ref, 1)).toBe(0);
    const status = (await call(ref, 'read_file', '/proc/self/status')).text!;
    expect(status).toMatch(new RegExp(`\\nNSpid:\\t${c.ret}\\t1\\n`));
    // its grandchild is visible from init too, one level down
    const g = await call(ref, 'fork');
    expect(g.ret).toBe(2);
    expect(await b.pidOf(1, g.child!)).toBe(g.child);
    expect(await b.pidOf(ref, g.child!)).toBe(2);
    // ioctl_ns(NS_GET_PARENT) of the new pid namespace is init's, as init sees it;
    // from inside, the parent is outside the caller's scope: EPERM
    const parent = await call(1, 'ioctl_ns', `/proc/${c.ret}/ns/pid`, NS_IOCTL.NS_GET_PARENT);
    expect(parent).toEqual({ ret: 0, text: (await call(1, 'readlink', '/proc/self/ns/pid')).text });
    expect(await call(ref, 'ioctl_ns', '/proc/self/ns/pid', NS_IOCTL.NS_GET_PARENT)).toEqual({ ret: -ERRNO.EPERM });
    expect(await call(ref, 'ioctl_ns', '/proc/self/ns/pid', NS_IOCTL.NS_GET_NSTYPE)).toEqual({ ret: CLONE_NEWPID });
    // and init's own has no parent the sandbox may see
    expect((await call(1, 'ioctl_ns', '/proc/self/ns/pid', NS_IOCTL.NS_GET_PARENT)).ret).toBe(-ERRNO.EPERM);
  });

  it('clone: flag combinations the kernel refuses come back with its errno', async () => {
    await b.boot();
    expect((await call(1, 'clone', CLONE_NEWPID | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)).ret).toBe(-ERRNO.EINVAL);
    expect((await call(1, 'clone', CLONE_THREAD)).ret).toBe(-ERRNO.EINVAL);
    // the init of a pid namespace may not CLONE_PARENT
    expect((await call(1, 'clone', CLONE_PARENT | SIGCHLD)).ret).toBe(-ERRNO.EINVAL);
  });

  it('clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM): a thread of the caller, getpid() is the group leader', async () => {
    await b.boot();
    const f = await call(1, 'fork');
    const t = await call(f.child!, 'clone', CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    expect(t.ret).toBeGreaterThan(f.ret);
    expect(await call(t.child!, 'gettid')).toEqual({ ret: t.ret });
    expect(await call(t.child!, 'getpid')).toEqual({ ret: f.ret });
    expect((await call(1, 'readdir', `/proc/${f.ret}/task`)).text!.split('\n').filter(Boolean).sort()).toEqual([String(f.ret), String(t.ret)].sort());
  });

  it('clone(CLONE_PARENT): the child is its caller\'s sibling', async () => {
    await b.boot();
    const f = await call(1, 'fork');
    const s = await call(f.child!, 'clone', CLONE_PARENT | SIGCHLD);
    expect(await call(s.child!, 'getppid')).toEqual({ ret: 1 });
  });

  it('waitpid: exit status, signal status, WNOHANG, ECHILD', async () => {
    await b.boot();
    const a = await call(1, 'fork');
    expect(await call(1, 'waitpid', a.ret, WAIT.WNOHANG)).toEqual({ ret: 0 });
    expect(await call(a.child!, 'exit', 7)).toEqual({ ret: 0 });
    const w = await call(1, 'waitpid', -1, 0);
    expect(w.ret).toBe(a.ret);
    expect(WIFEXITED(w.status!)).toBe(true);
    expect(WEXITSTATUS(w.status!)).toBe(7);
    const k = await call(1, 'fork');
    expect(await call(1, 'kill', k.ret, SIGNALS.SIGTERM)).toEqual({ ret: 0 });
    const wk = await call(1, 'waitpid', k.ret, 0);
    expect(WIFSIGNALED(wk.status!)).toBe(true);
    expect(WTERMSIG(wk.status!)).toBe(SIGNALS.SIGTERM);
    expect(await call(1, 'waitpid', -1, 0)).toEqual({ ret: -ERRNO.ECHILD });
    // the reaped task is gone for good
    expect(await call(k.child!, 'getpid')).toEqual({ ret: -ERRNO.ESRCH });
    expect(await b.pidOf(1, k.child!)).toBe(-ERRNO.ESRCH);
  });

  it('waitpid that would sleep forever (no child can change state) is WOULD_BLOCK; with a real program running it waits for it', async () => {
    await b.boot();
    const c = await call(1, 'fork');
    expect(await call(1, 'waitpid', c.ret, 0)).toEqual({ ret: WOULD_BLOCK });
    expect(await call(1, 'waitpid', -1, 0)).toEqual({ ret: WOULD_BLOCK });
    // nothing changed: the child is still there to be waited for
    await call(c.child!, 'exit', 5);
    expect(await call(1, 'waitpid', -1, 0)).toEqual({ ret: c.ret, status: 5 << 8 });
    const s = await call(1, 'fork');
    expect(await b.call(s.child!, 'exec' as never, ['/bin/sleep', 'sleep', '0.2'] as never)).toEqual({ ret: 0 });
    const w = await call(1, 'waitpid', s.ret, 0);
    expect(w).toEqual({ ret: s.ret, status: 0 });
  });

  it('kill is settled before it returns: the target is a zombie, its orphans already reparented', async () => {
    await b.boot();
    const p = await call(1, 'fork');
    const c = await call(p.child!, 'fork');
    expect(await call(1, 'kill', p.ret, SIGNALS.SIGKILL)).toEqual({ ret: 0 });
    expect((await call(1, 'read_file', `/proc/${p.ret}/stat`)).text).toMatch(/^\d+ \(init\) Z /);
    expect(await call(c.child!, 'getppid')).toEqual({ ret: 1 });
    // exit settles the same way
    const q = await call(1, 'fork');
    const d = await call(q.child!, 'fork');
    await call(q.child!, 'exit', 0);
    expect(await call(d.child!, 'getppid')).toEqual({ ret: 1 });
  });

  it('signals to a pid namespace\'s init from inside it are discarded when it has no handler', async () => {
    await b.boot();
    const c = await call(1, 'clone', CLONE_NEWPID | SIGCHLD);
    const g = await call(c.child!, 'fork');
    expect(await call(g.child!, 'kill', 1, SIGNALS.SIGTERM)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'getpid')).toEqual({ ret: 1 });
    // SIGKILL from the parent namespace is not
    expect(await call(1, 'kill', c.ret, SIGNALS.SIGKILL)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'getpid')).toEqual({ ret: -ERRNO.ESRCH });
    // and its namespace's other tasks died with it
    expect((await call(1, 'read_file', `/proc/${g.child}/stat`)).ret).toBe(-ERRNO.ENOENT);
  });

  it('sethostname in a new UTS namespace is not seen outside it; setns joins it', async () => {
    await b.boot();
    const c = await call(1, 'fork');
    expect(await call(c.child!, 'unshare', CLONE_NEWUTS)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'sethostname', 'other')).toEqual({ ret: 0 });
    expect(await call(c.child!, 'gethostname')).toEqual({ ret: 0, text: 'other' });
    expect(await call(1, 'gethostname')).toEqual({ ret: 0, text: 'nslab' });
    const d = await call(1, 'fork');
    expect(await call(d.child!, 'setns', `/proc/${c.ret}/ns/uts`, CLONE_NEWUTS)).toEqual({ ret: 0 });
    expect(await call(d.child!, 'gethostname')).toEqual({ ret: 0, text: 'other' });
    expect(await call(d.child!, 'setns', `/proc/${c.ret}/ns/uts`, CLONE_NEWPID)).toEqual({ ret: -ERRNO.EINVAL });
    expect(await call(d.child!, 'setns', '/nonexistent', 0)).toEqual({ ret: -ERRNO.ENOENT });
  });

  it('mount("proc") in a new pid and mount namespace shows only that namespace\'s tasks', async () => {
    await b.boot();
    await call(1, 'fork');
    const c = await call(1, 'clone', CLONE_NEWPID | CLONE_NEWNS | SIGCHLD);
    await call(c.child!, 'fork');
    const before = (await call(c.child!, 'readdir', '/proc')).text!.split('\n').filter((n) => /^\d+$/.test(n));
    expect(before.length).toBe(4);
    expect(await call(c.child!, 'mount', 'proc', '/proc', 'proc', 0, '')).toEqual({ ret: 0 });
    const after = (await call(c.child!, 'readdir', '/proc')).text!.split('\n').filter((n) => /^\d+$/.test(n)).sort();
    expect(after).toEqual(['1', '2']);
    // init's mount namespace still shows every task
    expect((await call(1, 'readdir', '/proc')).text!.split('\n').filter((n) => /^\d+$/.test(n)).length).toBe(4);
    expect(await call(c.child!, 'umount2', '/proc', 0)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'mkdir', '/tmp/x', 0o755)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'mkdir', '/tmp/x', 0o755)).toEqual({ ret: -ERRNO.EEXIST });
  });

  it('lstat, symlink, link, chmod, unlink, rmdir; readdir sorted by byte value', async () => {
    await b.boot();
    const size = statSync('/bin/busybox').size;
    expect(await call(1, 'lstat', '/bin/busybox')).toEqual({ ret: 0, text: `file 0755 ${size} 2 0 0` });
    expect(await call(1, 'lstat', '/bin/sh')).toEqual({ ret: 0, text: 'symlink 0777 7 1 0 0' });
    expect((await call(1, 'lstat', '/tmp')).text).toMatch(/^directory 1777 \d+ 2 0 0$/);
    expect((await call(1, 'lstat', '/dev/null')).text).toMatch(/^chardev 0666 0 1 /);
    expect(await call(1, 'lstat', '/nope')).toEqual({ ret: -ERRNO.ENOENT });
    expect(await call(1, 'symlink', '/etc/passwd', '/tmp/p')).toEqual({ ret: 0 });
    expect(await call(1, 'symlink', '/etc/passwd', '/tmp/p')).toEqual({ ret: -ERRNO.EEXIST });
    expect(await call(1, 'link', '/etc/group', '/tmp/g')).toEqual({ ret: 0 });
    expect((await call(1, 'lstat', '/etc/group')).text).toMatch(/^file 0644 \d+ 2 0 0$/);
    expect(await call(1, 'chmod', '/tmp/g', 0o600)).toEqual({ ret: 0 });
    expect((await call(1, 'lstat', '/etc/group')).text).toMatch(/^file 0600 /);
    expect(await call(1, 'mkdir', '/tmp/d', 0o755)).toEqual({ ret: 0 });
    for (const n of ['b', 'a', 'B', '_', 'aa', 'Z1']) await call(1, 'write_file', `/tmp/d/${n}`, '');
    expect((await call(1, 'readdir', '/tmp/d')).text).toBe('B\nZ1\n_\na\naa\nb\n');
    expect(await call(1, 'rmdir', '/tmp/d')).toEqual({ ret: -ERRNO.ENOTEMPTY });
    expect(await call(1, 'unlink', '/tmp/d')).toEqual({ ret: -ERRNO.EISDIR });
    for (const n of ['b', 'a', 'B', '_', 'aa', 'Z1']) expect(await call(1, 'unlink', `/tmp/d/${n}`)).toEqual({ ret: 0 });
    expect(await call(1, 'rmdir', '/tmp/d')).toEqual({ ret: 0 });
    expect(await call(1, 'unlink', '/tmp/p')).toEqual({ ret: 0 });
    expect((await call(1, 'read_file', '/proc/sys/kernel/domainname')).text).toBe('(none)\n');
  });

  it('files: write_file then read_file; errors are the kernel\'s', async () => {
    await b.boot();
    expect(await call(1, 'write_file', '/tmp/f', 'hello\n')).toEqual({ ret: 6 });
    expect(await call(1, 'read_file', '/tmp/f')).toEqual({ ret: 6, text: 'hello\n' });
    expect(await call(1, 'read_file', '/nope')).toEqual({ ret: -ERRNO.ENOENT });
    expect(await call(1, 'readdir', '/tmp/f')).toEqual({ ret: -ERRNO.ENOTDIR });
    expect(await call(1, 'readlink', '/tmp/f')).toEqual({ ret: -ERRNO.EINVAL });
    expect(await call(1, 'chdir', '/tmp')).toEqual({ ret: 0 });
    expect(await call(1, 'read_file', 'f')).toEqual({ ret: 6, text: 'hello\n' });
  });

  it('exec runs a busybox program in the task; it can be killed and reaped', async () => {
    await b.boot();
    const f = await call(1, 'fork');
    expect(await b.call(f.child!, 'exec' as never, ['/bin/sleep', 'sleep', '100'])).toEqual({ ret: 0 });
    expect((await call(1, 'read_file', `/proc/${f.ret}/cmdline`)).text).toBe('sleep\0' + '100\0');
    await expect(call(f.child!, 'getpid')).rejects.toThrow(/ran exec/);
    const g = await call(1, 'fork');
    expect(await b.call(g.child!, 'exec' as never, ['/nonexistent'])).toEqual({ ret: -ERRNO.ENOENT });
    expect(await call(g.child!, 'getpid')).toEqual({ ret: g.ret });
    await call(1, 'kill', f.ret, SIGNALS.SIGTERM);
    const w = await call(1, 'waitpid', f.ret, 0);
    expect(WTERMSIG(w.status!)).toBe(SIGNALS.SIGTERM);
    // with CLONE_FILES the parent keeps the task's channel open through exec: seen all the same
    const c = await call(1, 'clone', CLONE.CLONE_FILES | SIGNALS.SIGCHLD);
    expect(await b.call(c.child!, 'exec' as never, ['/bin/sleep', 'sleep', '100'])).toEqual({ ret: 0 });
    expect((await call(1, 'read_file', `/proc/${c.ret}/cmdline`)).text).toBe('sleep\0' + '100\0');
    expect(await call(1, 'getpid')).toEqual({ ret: 1 });
    // a dead task whose channel a sharer keeps open is gone all the same
    const d = await call(1, 'clone', CLONE.CLONE_FILES | SIGNALS.SIGCHLD);
    expect(await call(1, 'kill', d.ret, SIGNALS.SIGKILL)).toEqual({ ret: 0 });
    expect(await call(d.child!, 'getpid')).toEqual({ ret: -ERRNO.ESRCH });
    expect(await call(1, 'getpid')).toEqual({ ret: 1 });
  });

  it('bad calls: unknown task -ESRCH, wrong arguments -EINVAL, unknown call -ENOSYS', async () => {
    await b.boot();
    expect(await call(999, 'getpid')).toEqual({ ret: -ERRNO.ESRCH });
    expect(await b.call(1, 'getpid', [1])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(1, 'kill', ['1', 9])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(1, 'read_file', ['a\0b'])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(1, 'nope' as never, [])).toEqual({ ret: -ERRNO.ENOSYS });
    await expect(b.call(1, 'clone', [CLONE.CLONE_VFORK | SIGCHLD])).rejects.toThrow(/CLONE_VFORK/);
  });

  it('user namespaces: the parent writes the child\'s uid_map, the child sees it', async () => {
    await b.boot();
    // the machine's root is not the host's (SANDBOX_ID_BASE), 65536 ids
    expect((await call(1, 'read_file', '/proc/self/uid_map')).text).toBe(`         0 ${SANDBOX_ID_BASE}      65536\n`);
    const c = await call(1, 'fork');
    expect(await call(c.child!, 'unshare', CLONE.CLONE_NEWUSER)).toEqual({ ret: 0 });
    expect(await call(1, 'write_file', `/proc/${c.ret}/uid_map`, '0 1000 1')).toEqual({ ret: 8 });
    expect(await call(1, 'write_file', `/proc/${c.ret}/uid_map`, '0 1000 1')).toEqual({ ret: -ERRNO.EPERM });
    expect((await call(c.child!, 'read_file', '/proc/self/uid_map')).text).toBe('         0       1000          1\n');
    // the owner is the creator's euid (0): unmapped inside, so the overflow uid there
    expect(await call(1, 'ioctl_ns', `/proc/${c.ret}/ns/user`, NS_IOCTL.NS_GET_OWNER_UID)).toEqual({ ret: 0 });
    expect(await call(c.child!, 'ioctl_ns', '/proc/self/ns/user', NS_IOCTL.NS_GET_OWNER_UID)).toEqual({ ret: 65534 });
    // the new user namespace's parent is the machine's
    expect((await call(1, 'ioctl_ns', `/proc/${c.ret}/ns/user`, NS_IOCTL.NS_GET_PARENT)).text)
      .toBe((await call(1, 'readlink', '/proc/self/ns/user')).text);
  });

  it('alloc: memory is charged to the session; past its limit the OOM killer takes the task', async () => {
    await b.boot();
    const c = await call(1, 'fork');
    expect(await b.call(c.child!, 'alloc' as never, [8 << 20] as never)).toEqual({ ret: 0 });
    expect(Number((await call(1, 'read_file', `/proc/${c.ret}/status`)).text!.match(/VmRSS:\s+(\d+)/)![1])).toBeGreaterThan(8 * 1024);
    const m = await b.machine();
    await b.call(c.child!, 'alloc' as never, [m.memory * 2] as never);
    const w = await call(1, 'waitpid', c.ret, 0);
    expect(WIFSIGNALED(w.status!) && WTERMSIG(w.status!)).toBe(SIGNALS.SIGKILL);
  });

  it('set_comm names the task as /proc shows it', async () => {
    await b.boot();
    const f = await call(1, 'fork');
    expect(await call(f.child!, 'set_comm', 'parent')).toEqual({ ret: 0 });
    expect((await call(1, 'read_file', `/proc/${f.ret}/comm`)).text).toBe('parent\n');
  });

  it('boot ends the previous machine; close leaves nothing behind', async () => {
    await b.boot();
    await call(1, 'fork');
    await call(1, 'clone', CLONE_NEWPID | CLONE_NEWNS | CLONE.CLONE_NEWNET | SIGCHLD);
    const ns = sandboxNamespaces(process.pid);
    expect(ns.size).toBeGreaterThan(5);
    await b.boot();
    await b.close();
    expect(await settleLeftovers(process.pid, state, ns)).toEqual(NOTHING);
  });
});

describe.skipIf(SKIP)('machines booted ahead of demand', () => {
  it('boot takes a ready machine, renamed as asked; the agent\'s close removes the spare ones too', async () => {
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state, limits: { warm: 2 } });
    const b = new RemoteBackend(agent.url);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    expect(await b.boot({ hostname: 'warm' })).toBe(1);
    const took = performance.now() - t0;
    expect(await b.call(1, 'gethostname', [])).toEqual({ ret: 0, text: 'warm' });
    expect((await b.machine()).hostname).toBe('warm');
    expect(await b.call(1, 'fork', [])).toEqual({ ret: 2, child: 2 });
    expect((await b.call(1, 'readdir', ['/proc'])).text!.split('\n').filter((n) => /^\d+$/.test(n))).toEqual(['1', '2']);
    console.log(`boot from the warm pool: ${took.toFixed(1)} ms`);
    const ns = sandboxNamespaces(process.pid);
    await b.close();
    await agent.close();
    expect(await settleLeftovers(process.pid, state, ns, { keeper: true })).toEqual(NOTHING);
  });
});

describe.skipIf(SKIP)('openHostBackend', () => {
  it('without an agent URL starts a private agent and stops it on close, leaving nothing', async () => {
    const state = tempStateDir();
    const b = await openHostBackend({ stateDir: state });
    expect(b.kind).toBe('host');
    expect(await b.boot()).toBe(1);
    expect(await b.call(1, 'getpid', [])).toEqual({ ret: 1 });
    const ns = sandboxNamespaces(process.pid);
    await b.close();
    expect(await settleLeftovers(process.pid, state, ns, { keeper: true })).toEqual(NOTHING);
  });
});

describe.skipIf(SKIP)('a machine that boot replaced', () => {
  /** "pid start-time" of a task that is alive (not a zombie), or null: names one task even if its pid is reused */
  const identity = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return 'ZX'.includes(f[0]!) ? null : `${pid} ${f[19]}`;
    } catch {
      return null;
    }
  };
  const aliveTasks = () => sandboxPids(process.pid).map(identity).filter((x): x is string => x !== null);

  it('is dead when boot returns (its reaping and cgroups wait for a pause); boots in a row, then close, leave nothing', async () => {
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state, limits: { warm: 0 } });
    const b = new RemoteBackend(agent.url);
    const ns = new Set<string>();
    for (let i = 0; i < 7; i++) {
      expect(await b.boot()).toBe(1);
      const f = await b.call(1, 'fork', []);
      expect(await b.call(f.child!, 'exec', ['/bin/busybox', 'sleep', '1000'])).toEqual({ ret: 0 });
      const old = aliveTasks();
      expect(old.length).toBe(2);
      for (const n of sandboxNamespaces(process.pid)) ns.add(n);
      expect(await b.boot()).toBe(1);
      // every task of the replaced machine, the running program too, was killed before boot returned
      const now = new Set(aliveTasks());
      expect(old.filter((t) => now.has(t))).toEqual([]);
    }
    await b.close();
    await agent.close();
    expect(await settleLeftovers(process.pid, state, ns, { keeper: true })).toEqual(NOTHING);
  });
});
