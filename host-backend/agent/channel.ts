// The control channel of one puppet: requests out, replies in, in order.
// Wire format (see puppet.c): request = u32 length + NUL-terminated fields;
// reply = i64 value (>= 0 or -errno) + u32 length + text. Little-endian: the
// agent and its puppets share one x86/arm host.
import type { Readable, Writable } from 'node:stream';

export type Field = string | number;

export interface PuppetReply {
  /** the operation's value, or -errno */
  value: number;
  text: Buffer;
}

/** One request's bytes. */
export function encodeRequest(fields: readonly Field[]): Buffer {
  // every field NUL-terminated (join writes numbers as `${f}` does)
  const body = fields.length ? `${fields.join('\0')}\0` : '';
  const n = Buffer.byteLength(body);
  const out = Buffer.allocUnsafe(4 + n);
  out.writeUInt32LE(n, 0);
  out.write(body, 4);
  return out;
}

/** A "batch" request: the steps run in order up to the first failure. */
export function encodeBatch(steps: readonly (readonly Field[])[]): Buffer {
  const body = Buffer.concat([Buffer.from('batch\0'), ...steps.map(encodeRequest)]);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length);
  return Buffer.concat([head, body]);
}

interface Waiter { resolve(r: PuppetReply): void; reject(e: Error): void }

export class PuppetChannel {
  private buf: Buffer = Buffer.alloc(0);
  private readonly waiters: Waiter[] = [];
  /** set once the reply stream ended: the puppet exited or ran exec */
  ended = false;
  private readonly endListeners: (() => void)[] = [];

  /**
   * Resolves when a new task's puppet greeted (it is about to wait for its
   * first request) or its channel ended; at once for a channel with no greeting.
   */
  readonly ready: Promise<void>;

  constructor(private readonly input: Readable, private readonly output: Writable, greeting = false) {
    this.ready = greeting
      ? new Promise((resolve) => this.waiters.push({ resolve: () => resolve(), reject: () => resolve() }))
      : Promise.resolve();
    input.on('data', (d: Buffer) => this.onData(d));
    const end = () => this.onEnd();
    input.on('end', end);
    input.on('close', end);
    input.on('error', end);
    output.on('error', () => { /* EPIPE: the reply side reports the end */ });
  }

  /** Send one request and wait for its reply. */
  request(fields: readonly Field[]): Promise<PuppetReply> {
    return this.send(encodeRequest(fields), true) as Promise<PuppetReply>;
  }

  batch(steps: readonly (readonly Field[])[]): Promise<PuppetReply> {
    return this.send(encodeBatch(steps), true) as Promise<PuppetReply>;
  }

  /** A request that gets no reply (the acknowledgement after clone). */
  post(fields: readonly Field[]): void {
    void this.send(encodeRequest(fields), false);
  }

  /** Resolves when the reply stream ends. */
  whenEnded(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((r) => this.endListeners.push(r));
  }

  close(): void {
    this.input.destroy();
    this.output.destroy();
    this.onEnd();
  }

  private send(bytes: Buffer, wantReply: boolean): Promise<PuppetReply> | undefined {
    if (this.ended) return wantReply ? Promise.reject(new Error('puppet gone')) : undefined;
    this.output.write(bytes);
    if (!wantReply) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    while (this.buf.length >= 12) {
      const len = this.buf.readUInt32LE(8);
      if (this.buf.length < 12 + len) break;
      const value = Number(this.buf.readBigInt64LE(0));
      const text = Buffer.from(this.buf.subarray(12, 12 + len));
      this.buf = this.buf.subarray(12 + len);
      const w = this.waiters.shift();
      if (w) w.resolve({ value, text });
    }
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('puppet gone'));
    for (const l of this.endListeners.splice(0)) l();
  }
}
