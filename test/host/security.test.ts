// The agent as an attacker meets it: who may connect, what hostile messages
// do, what a sandbox can reach, what a fork bomb and a crash leave behind.
// Every scenario ends with the check that nothing is left: processes,
// keepers, cgroups, namespaces, mounts.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';
import { SYSCALLS } from '../../host-backend/backend.ts';
import { detectCgroups } from '../../host-backend/agent/cgroups.ts';
import { startAgent, type Agent } from '../../host-backend/agent/server.ts';
import { RemoteBackend } from '../../host-backend/remote-backend.ts';
import {
  keeperOf, NOTHING, privateAgent, running, sandboxNamespaces, sessionCgroups, settleLeftovers, SKIP, spawnAgent, tempStateDir,
} from './helpers.ts';
import { hostile, prng } from './hostile.ts';

const SIGCHLD = SIGNALS.SIGCHLD;

/** Status and body of a refused upgrade. */
async function refusal(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }); ws.terminate(); });
    });
    ws.on('open', () => { ws.close(); reject(new Error('connection accepted')); });
    ws.on('error', () => { /* after unexpected-response */ });
  });
}

async function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  await once(ws, 'open');
  return ws;
}

describe.skipIf(SKIP)('who may connect', () => {
  let agent: Agent;
  beforeAll(async () => { agent = await privateAgent({ origins: ['http://127.0.0.1:5173'], limits: { maxSessions: 2 } }); });
  afterAll(async () => { await agent?.close(); });

  it('a missing token is refused with 401 and the reason', async () => {
    const r = await refusal(agent.url.replace(/\?token=.*/, ''));
    expect(r.status).toBe(401);
    expect(r.body).toMatch(/missing token/);
  });

  it('a wrong token is refused with 401 and the reason', async () => {
    const r = await refusal(agent.url.replace(/token=.*/, 'token=wrong'));
    expect(r.status).toBe(401);
    expect(r.body).toMatch(/wrong token/);
    const almost = agent.url.slice(0, -1) + (agent.url.endsWith('A') ? 'B' : 'A');
    expect((await refusal(almost)).status).toBe(401);
  });

  it('a foreign Origin is refused with 403 naming it; a configured one is served', async () => {
    const r = await refusal(agent.url, { Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/origin http:\/\/evil\.example is not allowed/);
    const ws = await open(agent.url, { Origin: 'http://127.0.0.1:5173' });
    ws.close();
  });

  it('plain HTTP gets 426 with how to connect', async () => {
    const res = await fetch(agent.url.replace('ws:', 'http:'));
    expect(res.status).toBe(426);
    expect(await res.text()).toMatch(/WebSocket/);
  });

  it('more sessions than allowed are refused with 503', async () => {
    const a = await open(agent.url), b = await open(agent.url);
    const r = await refusal(agent.url);
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/too many sessions/);
    a.close(); b.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(agent.sessions()).toBe(0);
  });

  it('it listens on loopback only', async () => {
    await expect(startAgent({ host: '0.0.0.0', stateDir: tempStateDir() })).rejects.toThrow(/not a loopback address/);
    await expect(startAgent({ host: '10.0.0.1', stateDir: tempStateDir() })).rejects.toThrow(/loopback/);
  });

  it('RemoteBackend reports the refusal reason', async () => {
    const b = new RemoteBackend(agent.url.replace(/token=.*/, 'token=nope'));
    await expect(b.boot()).rejects.toThrow(/refused \(HTTP 401\): nslab agent: wrong token/);
  });
});

describe.skipIf(SKIP)('hostile messages', () => {
  it('10,000 malformed, mistyped and oversized messages: each answered with an error, the agent stays up', async () => {
    const limit = 16 * 1024;
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state, limits: { messageBytes: limit, rate: 1e6 } });
    try {
      const ws = await open(agent.url);
      const replies: { id: number | null; ok: boolean; error?: string }[] = [];
      ws.on('message', (d) => replies.push(JSON.parse(String(d))));
      ws.send(JSON.stringify({ id: 1, op: 'boot' }));
      while (replies.length < 1) await new Promise((r) => setTimeout(r, 5));
      expect(replies[0]).toMatchObject({ id: 1, ok: true });
      replies.length = 0;
      const rnd = prng(42);
      const N = 10_000;
      for (let i = 0; i < N; i++) {
        const m = hostile(rnd, limit);
        ws.send(m, { binary: Buffer.isBuffer(m) });
        if (i % 500 === 0) await new Promise((r) => setImmediate(r));
      }
      const end = Date.now() + 60_000;
      while (replies.length < N && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(replies.length).toBe(N);
      const accepted = replies.filter((r) => r.ok);
      expect(accepted).toEqual([]);
      for (const r of replies) expect(r.error).toMatch(/^(malformed JSON|invalid request at|message of \d+ bytes is over|binary messages)/);
      // still serving this session, and new ones
      ws.send(JSON.stringify({ id: 7, op: 'call', task: 1, name: 'getpid', args: [] }));
      while (replies.length < N + 1) await new Promise((r) => setTimeout(r, 5));
      expect(replies[N]).toEqual({ id: 7, ok: true, result: { ret: 1 } });
      ws.close();
      const b = new RemoteBackend(agent.url);
      expect(await b.boot()).toBe(1);
      await b.close();
    } finally {
      await agent.close();
    }
    expect(await settleLeftovers(process.pid, state, new Set(), { keeper: true })).toEqual(NOTHING);
  });

  it('past the rate limit a client is slowed, not refused: every call is answered; a flood past the backlog is refused, each refusal naming its request', async () => {
    const rate = 100;
    const agent = await privateAgent({ limits: { rate } });
    const b = new RemoteBackend(agent.url);
    try {
      await b.boot();
      // 3 s worth of calls at once (a snapshot's reads are sent like this): a second's worth go at once
      const t0 = Date.now();
      const replies = await Promise.all(Array.from({ length: 3 * rate }, () => b.call(1, 'getpid', [])));
      const took = Date.now() - t0;
      expect(replies.every((r) => r.ret === 1)).toBe(true);
      expect(took).toBeGreaterThan(1500);
      console.log(`${3 * rate} calls at once, at a rate limit of ${rate}/s: all answered in ${took} ms`);
    } finally {
      await b.close();
      await agent.close();
    }
    // a flood read in one go: what fits the backlog (the largest message's size) waits, the rest is refused
    const small = await privateAgent({ limits: { rate, messageBytes: 2048 } });
    try {
      const ws = await open(small.url);
      const answers: { id: number | null; ok: boolean; error?: string }[] = [];
      ws.on('message', (d) => answers.push(JSON.parse(d.toString())));
      const n = 400;
      for (let id = 1; id <= n; id++) ws.send(JSON.stringify({ id, op: 'machine' }));
      await expect.poll(() => answers.length, { timeout: 15_000 }).toBe(n);
      const limited = answers.filter((a) => /rate limit/.test(a.error ?? ''));
      expect(limited.length).toBeGreaterThan(0);
      expect(limited.every((a) => typeof a.id === 'number' && a.id > 0)).toBe(true);
      // the rest were taken, in order (no machine: this session never booted)
      const taken = answers.filter((a) => !/rate limit/.test(a.error ?? ''));
      expect(taken.length).toBeGreaterThanOrEqual(rate);
      expect(taken.every((a) => /no machine/.test(a.error ?? ''))).toBe(true);
      expect(taken.map((a) => a.id)).toEqual([...taken.map((a) => a.id as number)].sort((x, y) => x - y));
      ws.close();
    } finally {
      await small.close();
    }
  });

  it('hostile calls that parse: wrong task, argument types, names: errno answers, nothing crashes', async () => {
    const agent = await privateAgent({ limits: { rate: 1e6 } });
    const b = new RemoteBackend(agent.url);
    try {
      await b.boot();
      const rnd = prng(7);
      const names = [...Object.keys(SYSCALLS), 'nope', 'batch', 'copy', 'pdeathsig', 'ns_chain', '__proto__', 'constructor'];
      const args = [[], [1], ['x'], [1, 2, 3, 4, 5, 6], ['\0'], [2 ** 33], [-1.5], ['/'.repeat(5000)], [{}], [null]];
      for (let i = 0; i < 1000; i++) {
        const name = names[Math.floor(rnd() * names.length)]!;
        const a = args[Math.floor(rnd() * args.length)]!;
        const task = [0, -1, 999, 2 ** 31 - 1][Math.floor(rnd() * 4)]!;
        const r = await b.call(task, name as never, a as never).catch((e: Error) => ({ error: e.message }));
        if ('ret' in r) expect(r.ret).toBeLessThan(0);
        else expect(r.error).toMatch(/nslab agent: /);
      }
      // the agent's own building steps are not calls a client may make
      expect(await b.call(1, 'copy' as never, ['/bin/busybox', '/tmp/x', 0o755] as never)).toEqual({ ret: -ERRNO.ENOSYS });
      expect(await b.call(1, 'getpid', [])).toEqual({ ret: 1 });
    } finally {
      await b.close();
      await agent.close();
    }
  });
});

describe.skipIf(SKIP)('escape attempts from a sandbox', () => {
  let agent: Agent;
  let b: RemoteBackend;
  let state: string;
  const call = (task: number, name: string, ...args: (string | number)[]) => b.call(task, name as never, args);
  beforeAll(async () => {
    state = tempStateDir();
    agent = await privateAgent({ stateDir: state });
    b = new RemoteBackend(agent.url);
    await b.boot();
  });
  afterAll(async () => {
    await b?.close();
    await agent?.close();
  });

  it('setns to a pid outside the session: such a pid cannot even be named', async () => {
    // the agent's own pid, and pid 1's namespaces as the host numbers them, are not in the sandbox's /proc
    expect(await call(1, 'setns', `/proc/${process.pid}/ns/net`, 0)).toEqual({ ret: -ERRNO.ENOENT });
    const other = new RemoteBackend(agent.url);
    await other.boot();
    const f = await other.call(1, 'fork', []);
    expect(await call(1, 'setns', `/proc/${f.ret + 1000}/ns/uts`, 0)).toEqual({ ret: -ERRNO.ENOENT });
    await other.close();
    // the sandbox's own user namespace: joining it again is refused as Linux refuses it
    expect((await call(1, 'setns', '/proc/1/ns/user', CLONE.CLONE_NEWUSER)).ret).toBe(-ERRNO.EINVAL);
  });

  it('mounting a host path binds the sandbox\'s own file, never the host\'s; device file systems are refused', async () => {
    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    expect(await call(1, 'mount', '/etc', '/mnt', '', 4096 /* MS_BIND */, '')).toEqual({ ret: 0 });
    const seen = (await call(1, 'read_file', '/mnt/passwd')).text;
    expect(seen).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect(seen).not.toBe(hostPasswd);
    await call(1, 'umount2', '/mnt', 0);
    expect((await call(1, 'mount', 'devtmpfs', '/mnt', 'devtmpfs', 0, '')).ret).toBe(-ERRNO.EPERM);
    // block file systems cannot be mounted from the sandbox's user namespace
    expect((await call(1, 'mount', '/dev/vda', '/mnt', 'ext4', 0, '')).ret).toBe(-ERRNO.EPERM);
  });

  it('".." never leaves the sandbox root, not even with the chroot trick', async () => {
    const hostRoot = readdirSync('/');
    const sandboxRoot = (await call(1, 'readdir', '/../../..')).text!.split('\n').filter(Boolean);
    expect(sandboxRoot).toContain('bin');
    for (const d of hostRoot.filter((n) => !sandboxRoot.includes(n))) expect(sandboxRoot).not.toContain(d);
    expect(sandboxRoot).not.toContain('work');
    const f = await call(1, 'fork');
    const t = f.child!;
    expect(await call(t, 'mkdir', '/tmp/jail', 0o755)).toEqual({ ret: 0 });
    expect(await call(t, 'chroot', '/tmp/jail')).toEqual({ ret: 0 });
    for (let i = 0; i < 20; i++) await call(t, 'chdir', '..');
    expect(await call(t, 'chroot', '.')).toEqual({ ret: 0 });
    expect((await call(t, 'readdir', '/')).text!.split('\n').filter(Boolean).sort()).toEqual([...sandboxRoot].sort());
    expect((await call(t, 'read_file', '/etc/hostname')).text).toBe('nslab\n');
    // the old root was detached at pivot_root: /proc/1/root is the sandbox's
    expect((await call(t, 'readdir', '/proc/1/root/')).text!.split('\n').filter(Boolean).sort()).toEqual([...sandboxRoot].sort());
  });

  it('cgroup files outside the session\'s subtree cannot be reached or written', async () => {
    const layout = detectCgroups();
    const pids = layout.hierarchies.find((h) => h.controllers.includes('pids'));
    if (!pids) { console.log('skipped: no pids controller on this host'); return; }
    const dir = pids.version === 1 ? `/sys/fs/cgroup/${pids.mount.split('/').pop()}` : '/sys/fs/cgroup';
    const session = sessionCgroups(process.pid).find((d) => d.startsWith(pids.mount))!;
    const limit = readFileSync(`${session}/pids.max`, 'utf8');
    // the sandbox's cgroup root is the machine cgroup, one below where its limits are
    expect((await call(1, 'read_file', `${dir}/../../../pids.max`)).ret).toBe(-ERRNO.ENOENT);
    expect((await call(1, 'write_file', `${dir}/../../pids.max`, 'max')).ret).toBeLessThan(0);
    expect(readFileSync(`${session}/pids.max`, 'utf8')).toBe(limit);
    // v1's release_agent (CVE-2022-0492) exists only at a hierarchy's real root, which the sandbox cannot see
    expect((await call(1, 'write_file', `${dir}/release_agent`, '/bin/sh')).ret).toBeLessThan(0);
    // its own subtree is delegated: it may make cgroups there and move its tasks
    expect(await call(1, 'mkdir', `${dir}/child`, 0o755)).toEqual({ ret: 0 });
    expect((await call(1, 'write_file', `${dir}/child/cgroup.procs`, '1')).ret).toBe(1);
    expect((await call(1, 'read_file', '/proc/self/cgroup')).text).toMatch(/pids:\/child\n/);
  });

  it('host-wide settings are not the sandbox\'s to write: global sysctls, sysfs, /proc/sysrq-trigger', async () => {
    const core = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
    expect((await call(1, 'read_file', '/proc/sys/kernel/core_pattern')).text).toBe(core);
    expect(await call(1, 'write_file', '/proc/sys/kernel/core_pattern', '|/bin/sh')).toEqual({ ret: -ERRNO.EACCES });
    expect(await call(1, 'write_file', '/proc/sys/vm/overcommit_ratio', '50')).toEqual({ ret: -ERRNO.EACCES });
    expect((await call(1, 'write_file', '/proc/sysrq-trigger', 'h')).ret).toBeLessThan(0);
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(core);
    // sysfs: mounted read-only, not to be made writable, and its files are the host's root's
    expect((await call(1, 'mount', '', '/sys', '', 32 /* MS_REMOUNT */, '')).ret).toBe(-ERRNO.EPERM);
    expect((await call(1, 'write_file', '/sys/kernel/mm/transparent_hugepage/enabled', 'never')).ret).toBeLessThan(0);
    // its own files are its own: root inside, a high unprivileged uid outside
    expect((await call(1, 'lstat', '/etc/passwd')).text).toMatch(/ 0 0$/);
    expect((await call(1, 'lstat', '/proc/sys/kernel/core_pattern')).text).toMatch(/ 65534 65534$/);
  });

  it('kill(-1) and kill(0) from the sandbox reach only the sandbox', async () => {
    const f = await call(1, 'fork');
    await call(f.child!, 'fork');
    expect(await call(f.child!, 'kill', -1, SIGNALS.SIGKILL)).toEqual({ ret: 0 });
    expect(await call(1, 'getpid')).toEqual({ ret: 1 });
    const g = await call(1, 'fork');
    expect(await call(g.child!, 'kill', 0, SIGNALS.SIGKILL)).toEqual({ ret: 0 });
    expect(await call(1, 'getpid')).toEqual({ ret: 1 });
    expect(agent.sessions()).toBe(1);
  });
});

describe.skipIf(SKIP)('limits and crashes', () => {
  it('a fork bomb stops at the session\'s task limit and harms no other session', async () => {
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state, limits: { tasks: 24 } });
    const bomb = new RemoteBackend(agent.url), victim = new RemoteBackend(agent.url);
    try {
      await bomb.boot();
      await victim.boot();
      let made = 1, last = 0;
      for (let i = 0; i < 40; i++) {
        const r = await bomb.call(1, 'fork', []);
        if (r.ret < 0) { last = r.ret; break; }
        made++;
      }
      expect(last).toBe(-ERRNO.EAGAIN);
      expect(made).toBe(24);
      // a shell fork bomb from busybox is held by the same limit
      await bomb.call(1, 'kill', [2, SIGNALS.SIGKILL]);
      await bomb.call(1, 'waitpid', [2, 0]);
      const sh = await bomb.call(1, 'fork', []);
      expect(await bomb.call(sh.child!, 'exec' as never, ['/bin/sh', 'sh', '-c', 'b() { b | b & }; b'] as never)).toEqual({ ret: 0 });
      await new Promise((r) => setTimeout(r, 300));
      const session = sessionCgroups(process.pid).filter((d) => d.includes('/pids/'));
      const counts = session.map((d) => Number(readFileSync(`${d}/pids.current`, 'utf8')));
      expect(Math.max(...counts)).toBeLessThanOrEqual(24);
      const v = await victim.call(1, 'fork', []);
      expect(v.ret).toBe(2);
      expect(await victim.call(2, 'getppid', [])).toEqual({ ret: 1 });
      const ns = sandboxNamespaces(process.pid);
      await bomb.close();
      await victim.close();
      expect(await settleLeftovers(process.pid, state, ns)).toEqual(NOTHING);
    } finally {
      await agent.close();
    }
  });

  it('20 sessions at once, each its own machine', async () => {
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state, limits: { maxSessions: 20 } });
    try {
      const sessions = Array.from({ length: 20 }, () => new RemoteBackend(agent.url));
      await Promise.all(sessions.map(async (b, i) => {
        expect(await b.boot({ hostname: `m${i}` })).toBe(1);
        const f = await b.call(1, 'fork', []);
        expect(f.ret).toBe(2);
        await b.call(2, 'unshare', [CLONE.CLONE_NEWUTS]);
        await b.call(2, 'sethostname', [`c${i}`]);
      }));
      expect(agent.sessions()).toBe(20);
      for (const [i, b] of sessions.entries()) {
        expect(await b.call(1, 'gethostname', [])).toEqual({ ret: 0, text: `m${i}` });
        expect(await b.call(2, 'gethostname', [])).toEqual({ ret: 0, text: `c${i}` });
        expect((await b.call(1, 'readdir', ['/proc'])).text!.split('\n').filter((n) => /^\d+$/.test(n)).sort()).toEqual(['1', '2']);
      }
      const ns = sandboxNamespaces(process.pid);
      expect(ns.size).toBeGreaterThanOrEqual(20 * 7);
      await Promise.all(sessions.map((b) => b.close()));
      expect(await settleLeftovers(process.pid, state, ns)).toEqual(NOTHING);
    } finally {
      await agent.close();
    }
  });

  it('a client that disconnects mid-scenario leaves nothing behind', async () => {
    const state = tempStateDir();
    const agent = await privateAgent({ stateDir: state });
    try {
      const ws = await open(agent.url);
      let replies = 0;
      ws.on('message', () => replies++);
      ws.send(JSON.stringify({ id: 1, op: 'boot' }));
      while (replies < 1) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ id: 2 + i, op: 'call', task: 1, name: 'clone', args: [CLONE.CLONE_NEWPID | CLONE.CLONE_NEWNET | CLONE.CLONE_NEWNS | SIGCHLD] }));
      while (replies < 3) await new Promise((r) => setImmediate(r));
      const ns = sandboxNamespaces(process.pid);
      ws.terminate();
      expect(await settleLeftovers(process.pid, state, ns)).toEqual(NOTHING);
      expect(agent.sessions()).toBe(0);
      expect(readdirSync(`${state}/sessions`)).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('kill -9 of the agent: its sandboxes die with it, and the next agent removes what is left', async () => {
    const state = tempStateDir();
    const { child, url } = await spawnAgent(state);
    const b = new RemoteBackend(url);
    await b.boot();
    await b.call(1, 'fork', []);
    await b.call(1, 'clone', [CLONE.CLONE_NEWPID | CLONE.CLONE_NEWNET | SIGCHLD]);
    const agentPid = child.pid!;
    const ns = sandboxNamespaces(agentPid);
    expect(ns.size).toBeGreaterThan(6);
    expect(sessionCgroups(agentPid).length).toBeGreaterThan(0);
    const keeper = keeperOf(agentPid);
    expect(keeper).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await once(child, 'exit');
    // its keeper sees its channel end, kills and reaps the inits, and exits
    for (let i = 0; i < 100 && running(keeper!); i++) await new Promise((r) => setTimeout(r, 20));
    expect(running(keeper!)).toBe(false);
    // every task died with its init
    const after = await settleLeftovers(agentPid, state, ns, { keeper: true });
    expect(after.processes).toEqual([]);
    expect(after.namespaces).toEqual([]);
    // its cgroups stay for the next agent to remove (or are already gone: any agent starting meanwhile,
    // such as another suite's, sweeps the leaves of dead agents)
    // the session's machine and the one booted ahead (--warm 1)
    const records = readdirSync(`${state}/sessions`).length;
    expect(records).toBeGreaterThanOrEqual(1);
    // a later agent on the same state directory removes the dead one's cgroups and records
    const next = await startAgent({ stateDir: state, limits: { warm: 0 } });
    try {
      expect(next.recovered.length).toBe(records);
      expect(await settleLeftovers(agentPid, state, ns, { keeper: true })).toEqual(NOTHING);
      expect(readdirSync(`${state}/sessions`)).toEqual([]);
    } finally {
      await next.close();
    }
    await b.close().catch(() => undefined);
  });

  it('on a cgroup2-only host without the pids and memory controllers to delegate, the agent refuses to start and says why', async () => {
    // a private mount namespace where /sys/fs/cgroup is cgroup2 alone, as on a v2-only host
    const v2 = detectCgroups().hierarchies.find((h) => h.version === 2);
    if (!v2) { console.log('skipped: this host mounts no cgroup2'); return; }
    const available = readFileSync(`${v2.mount}/cgroup.controllers`, 'utf8');
    const script = `umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec ${process.execPath} --import tsx host-backend/agent/main.ts --state-dir ${tempStateDir()}`;
    const child = spawn('unshare', ['-m', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    if (/\bpids\b/.test(available) && /\bmemory\b/.test(available)) {
      while (!out.includes('ws://') && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/^ws:\/\//m);
      child.kill('SIGTERM');
      await once(child, 'exit');
    } else {
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(err).toMatch(/cgroup2 controllers .*(pids|memory).* are not available .*limits could not hold/);
    }
  });

  it('SIGTERM: the agent removes every sandbox and exits 0', async () => {
    const state = tempStateDir();
    const { child, url } = await spawnAgent(state);
    const b = new RemoteBackend(url);
    await b.boot();
    await b.call(1, 'fork', []);
    const ns = sandboxNamespaces(child.pid!);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(await settleLeftovers(child.pid!, state, ns, { keeper: true })).toEqual(NOTHING);
    expect(readdirSync(`${state}/sessions`)).toEqual([]);
  });
});
