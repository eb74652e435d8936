// `nslab agent`: a WebSocket server on loopback. Every connection that shows
// the agent's token (and, from a browser, an allowed Origin) is a session
// with its own sandbox (machine.ts); everything else is refused with the
// reason in the HTTP response.
//
// Invariants:
// - it listens on a loopback address only, and refuses peers that are not;
// - a session's machine, cgroups and record are gone when the session ends,
//   when its client goes away, and when the agent closes; an agent started
//   after a crash removes what a dead agent's sessions left (state.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { cpus as osCpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { DEFAULT_MACHINE } from '../backend.ts';
import {
  createSessionCgroups, detectCgroups, prepareV2, primeMigration, removeStaleAgentLeaves, sessionCgroupPaths, type CgroupLayout,
} from './cgroups.ts';
import { directPair, type SessionSocket } from './direct.ts';
import { Keeper } from './keeper.ts';
import { AgentError, Machine, SANDBOX_ID_BASE } from './machine.ts';
import { parseRequest, type Reply, type Request } from './protocol.ts';
import type { WebSocketLike } from '../remote-backend.ts';
import { destroySession, procRef, StateDir, type SessionRecord } from './state.ts';

export interface AgentLimits {
  /** sessions (WebSocket connections) at once */
  maxSessions: number;
  /** tasks per session: the session cgroup's pids.max */
  tasks: number;
  /** bytes of memory per session: memory.max / memory.limit_in_bytes */
  memory: number;
  /** seconds a session may last */
  sessionSeconds: number;
  /** milliseconds one call may block before it is reported as blocked */
  callMs: number;
  /** longest message accepted, in bytes */
  messageBytes: number;
  /** messages per second per session (burst of the same size); more are delayed, not refused */
  rate: number;
  /** machines kept booted ahead of demand (0: every boot is cold) */
  warm: number;
}

export const DEFAULT_LIMITS: AgentLimits = {
  maxSessions: 16,
  tasks: 512,
  memory: 512 * 1024 * 1024,
  sessionSeconds: 3600,
  callMs: 10_000,
  messageBytes: 1 << 20,
  rate: 2000,
  warm: 1,
};

export interface AgentOptions {
  host?: string;
  port?: number;
  /** Origins allowed besides none (non-browser clients send no Origin) */
  origins?: string[];
  limits?: Partial<AgentLimits>;
  /** where session records live (default /run/nslab) */
  stateDir?: string;
  /** the puppet binary (default host-backend/puppet/build/puppet) */
  puppet?: string;
}

export interface Agent {
  /** ws://host:port/?token=... */
  url: string;
  token: string;
  /** sessions open now */
  sessions(): number;
  /** session ids whose stale records were cleaned at start */
  recovered: string[];
  /**
   * A session of this process's own, connected in memory (direct.ts): what a
   * private agent's RemoteBackend uses instead of a WebSocket. Throws when
   * the agent has as many sessions as it takes.
   */
  attach(): WebSocketLike;
  /** Resolves once the machines booted ahead of demand are ready (for benchmarks and tests). */
  warmed(): Promise<void>;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PUPPET = join(here, '..', 'puppet', 'build', 'puppet');

const isLoopback = (addr: string | undefined) =>
  !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));

/** A message as a session gets it: from `ws` (a Buffer, or its pieces) or in memory (direct.ts, text). */
type Message = Buffer | Buffer[] | ArrayBuffer | string;

function byteSize(data: Message): number {
  return typeof data === 'string' ? Buffer.byteLength(data)
    : Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, d) => n + d.length, 0) : data.byteLength;
}

function messageText(data: Message): string {
  return typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
}

/** The id of a refused message, so that its client can fail the request it made (null when it has none). */
function requestId(data: Message, isBinary: boolean): number | null {
  if (isBinary || byteSize(data) > 4096) return null;
  const parsed = parseRequest(messageText(data));
  return 'req' in parsed ? parsed.req.id : parsed.id;
}

export async function startAgent(options: AgentOptions = {}): Promise<Agent> {
  if (process.platform !== 'linux') throw new Error('nslab agent: needs Linux');
  if (process.getuid?.() !== 0) throw new Error('nslab agent: needs root (it creates namespaces, mounts and cgroups)');
  const host = options.host ?? '127.0.0.1';
  if (host !== 'localhost' && !(isIP(host) && isLoopback(host))) {
    throw new Error(`nslab agent: --host ${host} is not a loopback address; the agent only listens on loopback`);
  }
  const limits: AgentLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isFinite(v) || v < 0 || (v === 0 && k !== 'warm')) throw new Error(`nslab agent: limit ${k} must be a positive number, not ${v}`);
  }
  const puppet = options.puppet ?? DEFAULT_PUPPET;
  if (!existsSync(puppet)) throw new Error(`nslab agent: no puppet binary at ${puppet} (run npm run build:puppet)`);
  const origins = new Set(options.origins ?? []);
  const state = new StateDir(options.stateDir ?? '/run/nslab');
  const recovered = await state.recover();
  const layout = detectCgroups();
  removeStaleAgentLeaves(layout, (pid) => existsSync(`/proc/${pid}`));
  const v2Problem = prepareV2(layout);
  if (v2Problem) throw new Error(`nslab agent: ${v2Problem}; without them a session's task and memory limits could not hold`);
  const token = randomBytes(24).toString('base64url');
  const self = procRef(process.pid)!;
  const sessions = new Set<Session>();
  let sequence = 0;

  const http = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end('nslab agent: connect with a WebSocket client to the URL the agent printed\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.messageBytes * 4 });

  const refuse = (socket: Socket, code: number, status: string, reason: string) => {
    const body = `nslab agent: ${reason}\n`;
    socket.end(`HTTP/1.1 ${code} ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!isLoopback(socket.remoteAddress)) return refuse(socket, 403, 'Forbidden', 'only loopback clients are served');
    const given = new URL(req.url ?? '/', 'ws://x').searchParams.get('token');
    if (!given) return refuse(socket, 401, 'Unauthorized', 'missing token (connect to the URL with ?token=... the agent printed)');
    const a = Buffer.from(given), b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return refuse(socket, 401, 'Unauthorized', 'wrong token');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) {
      return refuse(socket, 403, 'Forbidden', `origin ${origin} is not allowed (start the agent with --origin ${origin})`);
    }
    if (sessions.size >= limits.maxSessions) {
      return refuse(socket, 503, 'Service Unavailable', `too many sessions (${limits.maxSessions} at once)`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => open(ws as unknown as SessionSocket));
  });

  const open = (ws: SessionSocket) => {
    const s = new Session(`${process.pid}-${++sequence}-${randomBytes(4).toString('hex')}`, ws);
    sessions.add(s);
    s.done.then(() => sessions.delete(s));
  };

  let keeper: Keeper | null = null;
  /** The agent's keeper, started again if it died (its sandboxes died with it). */
  const currentKeeper = () => {
    if (!keeper || !keeper.alive) keeper = new Keeper(puppet);
    return keeper;
  };

  interface Prepared { machine: Machine; record: SessionRecord }
  const teardowns = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    teardowns.add(p);
    void p.finally(() => teardowns.delete(p));
  };

  /** A new sandbox: its record first (so a crash leaves nothing unrecorded), then cgroups, then the machine. */
  async function createMachine(hostname: string): Promise<Prepared> {
    const sid = `${process.pid}-${++sequence}-${randomBytes(4).toString('hex')}`;
    const leaf = `nslab-${sid}`;
    // init joins its cgroups after the clone and the mkdirs: its migration's wait, started now, overlaps them
    void primeMigration(layout, currentKeeper().pid);
    const record: SessionRecord = { sid, agent: self, keeper: procRef(currentKeeper().pid), cgroups: sessionCgroupPaths(layout, leaf), root: `${state.roots}/${sid}` };
    state.write(record);
    try {
      mkdirSync(record.root, { mode: 0o700 });
      const machine = await Machine.boot({
        puppet, rootDir: record.root, layout, hostname, callMs: limits.callMs,
        makeCgroups: () => createSessionCgroups(layout, leaf, { tasks: limits.tasks, memory: limits.memory }, SANDBOX_ID_BASE),
        memory: Math.min(limits.memory, totalmem()), cpus: cpuCount(layout),
        keeper: currentKeeper(),
      });
      record.init = procRef(machine.initPid);
      state.write(record);
      return { machine, record };
    } catch (e) {
      if (await destroySession(record, { keeper: false })) state.remove(record.sid);
      throw e instanceof AgentError ? e : new AgentError(`cannot create the sandbox: ${(e as Error).message}`);
    }
  }

  async function destroyMachine(p: Prepared): Promise<void> {
    await p.machine.close();
    if (await destroySession(p.record, { keeper: false })) state.remove(p.record.sid);
  }

  // A machine a session replaced is killed at once; reaping it and removing its cgroups
  // (work on the agent's event loop and the keeper) wait for a pause in the calls, as
  // refills do, or until someone waits for the teardowns (flushTeardowns), or until
  // DEFERRED_MAX are waiting.
  const DEFERRED_MAX = 4;
  const deferred = new Set<() => void>();
  const flushTeardowns = () => {
    for (const go of [...deferred]) go();
  };
  const retire = (p: Prepared) => {
    p.machine.kill();
    const quiet = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const go = () => { clearTimeout(timer); deferred.delete(go); resolve(); };
      const check = () => {
        const idle = Date.now() - lastCall;
        if (stopping || idle >= IDLE_MS) go();
        else timer = setTimeout(check, IDLE_MS - idle);
      };
      deferred.add(go);
      check();
    });
    track(quiet.then(() => destroyMachine(p)));
    if (deferred.size > DEFERRED_MAX) flushTeardowns();
  };

  // Machines booted ahead of demand: a cold boot waits for cgroup migrations (an RCU
  // grace period each time the cgroup_threadgroup_rwsem is taken for writing).
  // A refill competes with the sessions for the CPUs and the event loop, so it waits
  // until no call has been served for a while.
  const pool: Promise<Prepared | null>[] = [];
  let stopping = false;
  let lastCall = 0;
  const IDLE_MS = 150;
  const refill = () => {
    if (stopping || pool.length >= limits.warm) return;
    const idle = Date.now() - lastCall;
    if (idle < IDLE_MS) { setTimeout(refill, IDLE_MS - idle).unref(); return; }
    pool.push(createMachine(DEFAULT_MACHINE.hostname).catch(() => null));
    setTimeout(refill, 0).unref();
  };

  async function takeMachine(hostname: string): Promise<Prepared> {
    const ready = pool.shift();
    const p = ready ? await ready : null;
    lastCall = Date.now();
    setTimeout(refill, IDLE_MS).unref();
    if (!p) return createMachine(hostname);
    if (hostname !== DEFAULT_MACHINE.hostname) {
      const r = await p.machine.call(1, 'sethostname', [hostname]);
      if (r.ret < 0) { track(destroyMachine(p)); throw new AgentError(`sethostname(${hostname}) failed: errno ${-r.ret}`); }
      p.machine.config.hostname = hostname;
    }
    return p;
  }

  /** One client: at most one machine at a time, its calls one at a time. */
  class Session {
    private machine: Machine | null = null;
    private record: SessionRecord | null = null;
    private queue: Promise<unknown> = Promise.resolve();
    private tokens = limits.rate;
    private lastRefill = Date.now();
    private ended = false;
    readonly done: Promise<void>;
    private finish!: () => void;
    private readonly timer: NodeJS.Timeout;

    constructor(readonly sid: string, private readonly ws: SessionSocket) {
      this.done = new Promise((r) => (this.finish = r));
      this.timer = setTimeout(() => this.end(1008, `session time limit (${limits.sessionSeconds} s) reached`), limits.sessionSeconds * 1000);
      ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
      ws.on('close', () => void this.end());
      ws.on('error', () => void this.end());
    }

    private send(r: Reply): void {
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(r));
    }

    /**
     * The rate limit is flow control: past it, messages wait and are taken
     * as tokens come back, in order, and the socket is no longer read, so the
     * client's own sends back up. What was read already waits too, up to the
     * largest message's size in all; only past that is a message refused.
     */
    private onMessage(data: Message, isBinary: boolean): void {
      if (this.backlog.length === 0 && this.take()) return this.process(data, isBinary);
      const size = byteSize(data);
      if (this.backlogBytes + size > limits.messageBytes) {
        return this.send({ id: requestId(data, isBinary), ok: false, error: `rate limit: more than ${limits.rate} messages per second` });
      }
      this.backlog.push([data, isBinary]);
      this.backlogBytes += size;
      this.ws.pause();
      this.drainLater();
    }

    private backlog: [Message, boolean][] = [];
    private backlogBytes = 0;
    private draining: NodeJS.Timeout | null = null;

    /** a token, if one is there */
    private take(): boolean {
      const now = Date.now();
      this.tokens = Math.min(limits.rate, this.tokens + ((now - this.lastRefill) / 1000) * limits.rate);
      this.lastRefill = now;
      if (this.tokens < 1) return false;
      this.tokens -= 1;
      return true;
    }

    private drainLater(): void {
      if (this.draining || this.ended) return;
      this.draining = setTimeout(() => {
        this.draining = null;
        while (this.backlog.length && !this.ended && this.take()) {
          const [data, isBinary] = this.backlog.shift()!;
          this.backlogBytes -= byteSize(data);
          this.process(data, isBinary);
        }
        if (this.backlog.length) this.drainLater();
        else if (!this.ended) this.ws.resume();
      }, Math.max(1, Math.ceil(((1 - this.tokens) / limits.rate) * 1000)));
    }

    private process(data: Message, isBinary: boolean): void {
      const size = byteSize(data);
      if (isBinary) return this.send({ id: null, ok: false, error: 'binary messages are not accepted: send JSON text' });
      if (size > limits.messageBytes) return this.send({ id: null, ok: false, error: `message of ${size} bytes is over the limit of ${limits.messageBytes}` });
      const parsed = parseRequest(messageText(data));
      if (!('req' in parsed)) return this.send({ id: parsed.id, ok: false, error: parsed.error });
      const req = parsed.req;
      lastCall = Date.now();
      const run = () => this.handle(req).then(
        (result) => this.send({ id: req.id, ok: true, result }),
        (e: unknown) => this.send({ id: req.id, ok: false, error: e instanceof AgentError ? e.message : `internal error: ${(e as Error).message}` }),
      );
      this.queue = this.queue.then(run, run);
    }

    private async handle(req: Request): Promise<unknown> {
      if (this.ended) throw new AgentError('session ended');
      switch (req.op) {
        case 'boot': {
          await this.stopMachine();
          await this.startMachine(req.config?.hostname ?? DEFAULT_MACHINE.hostname);
          return 1;
        }
        case 'machine':
          if (!this.machine) throw new AgentError('no machine: boot first');
          return this.machine.config;
        case 'call':
          if (!this.machine) throw new AgentError('no machine: boot first');
          return this.machine.call(req.task, req.name, req.args);
        case 'pidOf':
          if (!this.machine) throw new AgentError('no machine: boot first');
          return this.machine.pidOf(req.viewer, req.target);
        case 'close':
          await this.stopMachine();
          flushTeardowns();
          await Promise.all(teardowns);
          return null;
      }
    }

    private async startMachine(hostname: string): Promise<void> {
      const p = await takeMachine(hostname);
      if (this.ended) { await destroyMachine(p); throw new AgentError('session ended'); }
      this.machine = p.machine;
      this.record = p.record;
    }

    /** End the machine: killed now, reaped and its cgroups removed at the next pause in the calls (retire); close() waits for that. */
    private async stopMachine(): Promise<void> {
      const m = this.machine, rec = this.record;
      this.machine = null;
      this.record = null;
      if (m && rec) retire({ machine: m, record: rec });
    }

    async end(code = 1000, reason = ''): Promise<void> {
      if (this.ended) return this.done;
      this.ended = true;
      clearTimeout(this.timer);
      if (this.draining) clearTimeout(this.draining);
      this.backlog = [];
      this.backlogBytes = 0;
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
      // after every queued call (each fails fast now that the session ended)
      await this.queue.catch(() => undefined);
      await this.stopMachine();
      flushTeardowns();
      await Promise.all(teardowns);
      this.finish();
    }
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  // a first boot follows the start (a private agent's at once): its migration's wait starts now
  void primeMigration(layout, process.pid);
  refill();
  const shown = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `ws://${shown}:${port}/?token=${token}`,
    token,
    recovered,
    sessions: () => sessions.size,
    attach() {
      if (stopping) throw new Error('nslab agent: shutting down');
      if (sessions.size >= limits.maxSessions) throw new Error(`nslab agent: too many sessions (${limits.maxSessions} at once)`);
      const { server, client } = directPair();
      open(server);
      return client;
    },
    async warmed() {
      for (;;) {
        await Promise.all(pool);
        if (pool.length >= limits.warm || stopping) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close() {
      closing ??= (async () => {
        stopping = true;
        await Promise.all([...sessions].map((s) => s.end(1001, 'agent shutting down')));
        for (const p of pool.splice(0)) { const m = await p; if (m) track(destroyMachine(m)); }
        flushTeardowns();
        await Promise.all(teardowns);
        await keeper?.close();
        wss.close();
        await new Promise<void>((r) => http.close(() => r()));
      })();
      return closing;
    },
  };
}

/** CPUs the sandbox may run on (the agent's cpuset), else the host's. */
function cpuCount(layout: CgroupLayout): number {
  const h = layout.hierarchies.find((x) => x.controllers.includes('cpuset') || x.version === 2);
  try {
    const path = h ? `${h.mount}${h.own === '/' ? '' : h.own}/${h.version === 1 ? 'cpuset.cpus' : 'cpuset.cpus.effective'}` : '';
    const text = h ? readFileSync(path, 'utf8').trim() : '';
    if (text) {
      let n = 0;
      for (const part of text.split(',')) {
        const [a, b] = part.split('-').map(Number);
        n += b === undefined ? 1 : b - a! + 1;
      }
      return n;
    }
  } catch { /* fall back */ }
  return osCpus().length;
}
