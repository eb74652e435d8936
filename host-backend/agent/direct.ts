// A session's connection inside the agent's own process: what `nslab run
// --backend host` and `nslab diff` use with the private agent they start.
// The same text messages as over a WebSocket, in the same order, handed over
// in memory: a WebSocket costs each request a frame through loopback TCP both
// ways, ~0.25 ms in a process that is client and agent at once (measured:
// boot + fork + exec + waitpid took 2.9 ms over a WebSocket, 1.9 ms so). No
// token or Origin is checked: nothing outside the process can reach it.

import type { WebSocketLike } from '../remote-backend.ts';

/** What a session uses of its connection (a `ws` WebSocket has all of it). */
export interface SessionSocket {
  readonly readyState: number;
  readonly OPEN: number;
  on(event: 'message', f: (data: Buffer | string, isBinary: boolean) => void): void;
  on(event: 'close' | 'error', f: () => void): void;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  /** stop delivering messages until resume() (the session's flow control) */
  pause(): void;
  resume(): void;
}

const OPEN = 1, CLOSED = 3;

/** A connected pair; the client's end opens (onopen) after the caller has set its handlers. */
export function directPair(): { server: SessionSocket; client: WebSocketLike } {
  let state = OPEN;
  let paused = false;
  const held: string[] = [];
  const handlers = { message: [] as ((d: string, b: boolean) => void)[], close: [] as (() => void)[] };
  const deliver = (text: string) => { for (const f of handlers.message) f(text, false); };
  const shut = (code: number, reason: string) => {
    if (state === CLOSED) return;
    state = CLOSED;
    held.length = 0;
    queueMicrotask(() => {
      client.onclose?.({ code, reason });
      for (const f of handlers.close) f();
    });
  };
  const server: SessionSocket = {
    get readyState() { return state; },
    OPEN,
    on(event: string, f: (...a: never[]) => void) {
      if (event === 'message') handlers.message.push(f as (d: string, b: boolean) => void);
      else if (event === 'close') handlers.close.push(f as () => void);
    },
    send(text) {
      if (state === OPEN) queueMicrotask(() => { if (state === OPEN) client.onmessage?.({ data: text }); });
    },
    close: (code = 1000, reason = '') => shut(code, reason),
    pause() { paused = true; },
    resume() {
      paused = false;
      while (!paused && state === OPEN && held.length) deliver(held.shift()!);
    },
  };
  const client: WebSocketLike = {
    get readyState() { return state; },
    send(text) {
      if (state !== OPEN) return;
      queueMicrotask(() => {
        if (state !== OPEN) return;
        if (paused || held.length) held.push(text);
        else deliver(text);
      });
    },
    close: (code = 1000, reason = '') => shut(code, reason),
    onopen: null, onmessage: null, onclose: null, onerror: null,
  };
  queueMicrotask(() => client.onopen?.({}));
  return { server, client };
}
