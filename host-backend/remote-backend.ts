// RemoteBackend: the Backend interface over the agent's WebSocket protocol
// (agent/protocol.ts), so every userland command and the snapshot run
// unchanged on a real host. Works in a browser (global WebSocket) and in Node
// (the `ws` package, loaded on first use).
//
// openHostBackend(): a RemoteBackend to a given agent, or to a private agent
// started for the run and stopped (with everything it made) on close().
import type { Arg, Backend, CallResult, MachineConfig, SyscallName, TaskRef } from './backend.ts';

export interface RemoteBackendOptions {
  /** the WebSocket class to use (default: the global one, else the `ws` package) */
  WebSocket?: new (url: string) => WebSocketLike;
  /** ms to wait for a reply before failing (default 60 s) */
  timeoutMs?: number;
  /** called once after close() (openHostBackend stops its private agent here) */
  onClose?: () => Promise<void>;
}

/** What RemoteBackend uses of a WebSocket (a browser's, `ws`'s, or agent/direct.ts's in-memory end). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

interface Pending { resolve(v: unknown): void; reject(e: Error): void; op: string; deadline: number }

/** Why the agent refused or dropped the connection, as it said it. */
export class AgentConnectionError extends Error {}

export class RemoteBackend implements Backend {
  readonly kind = 'host' as const;
  private ws: WebSocketLike | null = null;
  private opening: Promise<WebSocketLike> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | null = null;
  private readonly timeoutMs: number;
  /** one timer for all requests, due at the oldest one's deadline (every request waits as long) */
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: string, private readonly opts: RemoteBackendOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async boot(config: Partial<MachineConfig> = {}): Promise<TaskRef> {
    return (await this.request({ op: 'boot', config })) as TaskRef;
  }

  /** Open the connection now (else the first request opens it); fails as a request would. */
  async connect(): Promise<void> {
    await this.socket();
  }

  async machine(): Promise<MachineConfig> {
    return (await this.request({ op: 'machine' })) as MachineConfig;
  }

  call(task: TaskRef, name: SyscallName | 'exec', args: readonly Arg[]): Promise<CallResult> {
    return this.request({ op: 'call', task, name, args }) as Promise<CallResult>;
  }

  async pidOf(viewer: TaskRef, target: TaskRef): Promise<number> {
    return (await this.request({ op: 'pidOf', viewer, target })) as number;
  }

  async close(): Promise<void> {
    try {
      if (this.ws && this.ws.readyState === 1) await this.request({ op: 'close' });
    } catch { /* the agent is gone already */ }
    this.ws?.close(1000, 'done');
    this.ws = null;
    this.closedReason ??= 'closed';
    await this.opts.onClose?.();
  }

  private async socket(): Promise<WebSocketLike> {
    if (this.ws) return this.ws;
    if (this.closedReason) throw new AgentConnectionError(`nslab agent connection ${this.closedReason}`);
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<WebSocketLike> {
    const WS = this.opts.WebSocket ?? (globalThis as { WebSocket?: RemoteBackendOptions['WebSocket'] }).WebSocket ?? await nodeWebSocket();
    const ws = new WS(this.url);
    return new Promise((resolve, reject) => {
      let refusal = '';
      // `ws` in Node tells why an upgrade was refused; a browser only says it failed
      (ws as unknown as { on?: (e: string, f: (...a: unknown[]) => void) => void }).on?.('unexpected-response', (_req: unknown, res: unknown) => {
        const r = res as { statusCode: number; on(e: string, f: (d: Buffer) => void): void };
        let body = '';
        r.on('data', (d) => (body += d.toString()));
        r.on('end', () => { refusal = `refused (HTTP ${r.statusCode}): ${body.trim()}`; ws.close(); fail(); });
      });
      const fail = () => {
        this.opening = null;
        reject(new AgentConnectionError(`cannot connect to the nslab agent at ${redact(this.url)}: ${refusal || 'unreachable or refused'}`));
      };
      ws.onerror = () => { if (!refusal) setTimeout(() => { if (!refusal) fail(); }, 50); };
      ws.onopen = () => {
        ws.onerror = null;
        ws.onclose = (ev) => this.lost(`closed by the agent (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
        ws.onmessage = (ev) => this.onMessage(ev.data);
        this.ws = ws;
        resolve(ws);
      };
    });
  }

  private lost(reason: string): void {
    this.ws = null;
    this.closedReason ??= reason;
    for (const [, p] of this.pending) p.reject(new AgentConnectionError(`nslab agent connection ${reason}`));
    this.pending.clear();
  }

  private onMessage(data: unknown): void {
    let msg: { id: number | null; ok: boolean; result?: unknown; error?: string };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    if (msg.id === null) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`nslab agent: ${msg.error}`));
  }

  private async request(body: Record<string, unknown> & { op: string }): Promise<unknown> {
    const ws = this.ws ?? await this.socket();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, op: body.op, deadline: Date.now() + this.timeoutMs });
      this.timer ??= this.wake(this.timeoutMs);
      ws.send(JSON.stringify(Object.assign(body, { id })));
    });
  }

  /** The timer; in Node it does not keep the process alive by itself (the socket does, while open). */
  private wake(ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => this.expire(), ms);
    (t as { unref?: () => void }).unref?.();
    return t;
  }

  /** Fail the requests past their deadline; wait again for the oldest one left. */
  private expire(): void {
    this.timer = null;
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (p.deadline > now) {
        this.timer = this.wake(p.deadline - now);
        return;
      }
      this.pending.delete(id);
      p.reject(new Error(`nslab agent: no reply to ${p.op} within ${this.timeoutMs} ms`));
    }
  }
}

const redact = (url: string) => url.replace(/token=[^&]*/, 'token=…');

// Specifiers in variables: a browser bundle (Vite) must not pull the Node-only
// `ws` package or the agent into the page.
async function nodeWebSocket(): Promise<NonNullable<RemoteBackendOptions['WebSocket']>> {
  const name = 'ws';
  const mod = (await import(/* @vite-ignore */ name)) as { WebSocket: unknown };
  return mod.WebSocket as NonNullable<RemoteBackendOptions['WebSocket']>;
}

/**
 * A host backend: to the agent at `agent` (a URL with its token), or, without
 * one, to a private agent started now in this process and stopped, leaving
 * nothing behind, when the backend is closed.
 */
export async function openHostBackend(opts: { agent?: string; stateDir?: string } = {}): Promise<Backend> {
  if (opts.agent) return new RemoteBackend(opts.agent);
  const server = './agent/server.ts';
  const { startAgent } = (await import(/* @vite-ignore */ server)) as typeof import('./agent/server.ts');
  // No machine booted ahead, for one run or several (nslab diff FILE...): it would get
  // its mount ids while the machine before it lives, and when that one is gone the
  // run's own mounts take the freed, lower ids (the legacy mount id is the lowest free
  // one, host-wide), so findmnt, which orders mounts by id, would not show them in
  // the order they were made, as the simulator does.
  const agent = await startAgent({ stateDir: opts.stateDir, limits: { warm: 0 } });
  return inProcessBackend(agent, { onClose: () => agent.close() });
}

/** A RemoteBackend to an agent of this process, connected in memory, not through a WebSocket (agent/direct.ts). */
export function inProcessBackend(agent: { url: string; attach(): WebSocketLike }, opts: RemoteBackendOptions = {}): RemoteBackend {
  const WebSocket = class { constructor() { return agent.attach(); } } as unknown as RemoteBackendOptions['WebSocket'];
  return new RemoteBackend(agent.url, { ...opts, WebSocket });
}
