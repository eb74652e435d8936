// The control channel of one puppet: requests out, replies in, in order.
// Wire format (see puppet.c): request = u32 length + NUL-terminated fields;
// reply = i64 value (>= 0 or -errno) + u32 length + text. Little-endian: the
// agent and its puppets share one x86/arm host.
import { closeSync, readSync, writeSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
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

const scratch = Buffer.alloc(64 * 1024);
const EMPTY = Buffer.alloc(0);

export class PuppetChannel {
  /** a reply's first part, when it came in pieces */
  private buf: Buffer = EMPTY;
  private readonly waiters: Waiter[] = [];
  /**
   * set once the reply stream ended (the puppet exited or ran exec), or a
   * request found no reader: at once, when the request's write found it
   */
  ended = false;

  /**
   * Resolves when a new task's puppet greeted (it is about to wait for its
   * first request) or its channel ended; at once for a channel with no
   * greeting. Only what is read settles it: drain(), or the stream listen() makes.
   */
  readonly ready: Promise<void>;

  /** a new task's greeting has not come yet */
  private greetingDue: boolean;
  /** the reply stream: the keeper's stdout, or a new task's pipe once something waits on it (listen) */
  private input: Readable | null;
  private output: Writable | null;
  /** a new task's pipe ends (ofPipes), opened non-blocking by the agent */
  private readonly readFd?: number;
  private readClosed = false;
  private writeFd?: number;

  /** The keeper's channel: its stdout and stdin. */
  constructor(input: Readable, output: Writable);
  constructor(input: null, output: null, pipes: { readFd: number; writeFd: number });
  constructor(input: Readable | null, output: Writable | null, pipes?: { readFd: number; writeFd: number }) {
    this.input = null;
    this.output = output;
    this.readFd = pipes?.readFd;
    this.writeFd = pipes?.writeFd;
    this.greetingDue = pipes !== undefined;
    this.ready = pipes
      ? new Promise((resolve) => this.waiters.push({ resolve: () => { this.greetingDue = false; resolve(); }, reject: () => resolve() }))
      : Promise.resolve();
    if (input) {
      input.on('data', (d: Buffer) => this.onData(d));
      this.follow(input);
    }
    output?.on('error', () => { /* EPIPE: the reply side reports the end */ });
  }

  /** A new task's channel, from the agent's ends of its two pipes (opened O_NONBLOCK): it greets first. */
  static ofPipes(readFd: number, writeFd: number): PuppetChannel {
    return new PuppetChannel(null, null, { readFd, writeFd });
  }

  /**
   * Read a new task's pipe from the event loop from now on (a stream costs
   * ~0.1 ms to make: a task that is only forked, or whose next call is
   * exec, which drain() follows, never needs one). Replies are read into one
   * buffer all channels share: onData takes what it needs before it returns.
   */
  listen(): void {
    if (this.input || this.readFd === undefined || this.ended || this.readClosed) return;
    const onread = { buffer: scratch, callback: (n: number) => this.onData(scratch.subarray(0, n)) };
    // `onread` is documented for the constructor (net.md); @types/node lists it for connect() only
    this.follow(new Socket({ fd: this.readFd, readable: true, writable: false, onread } as SocketConstructorOpts));
  }

  private follow(input: Readable): void {
    this.input = input;
    const end = () => this.onEnd();
    input.on('end', end);
    input.on('close', end);
    input.on('error', end);
  }

  /** Send one request and wait for its reply (`polled`: the caller drains the pipe itself, no stream is made). */
  request(fields: readonly Field[], polled = false): Promise<PuppetReply> {
    if (!polled) this.listen();
    return this.send(encodeRequest(fields), true) as Promise<PuppetReply>;
  }

  batch(steps: readonly (readonly Field[])[]): Promise<PuppetReply> {
    this.listen();
    return this.send(encodeBatch(steps), true) as Promise<PuppetReply>;
  }

  /** A request that gets no reply (the acknowledgement after clone). */
  post(fields: readonly Field[]): void {
    void this.send(encodeRequest(fields), false);
  }

  /**
   * Deliver now what the puppet has written so far, and its end, without
   * waiting for the event loop to read it. The pipe is FIFO and the stream
   * reads it only from the event loop, so it later finds just what came
   * after: the order is kept. Returns whether the greeting is in (or none is
   * due).
   */
  drain(): boolean {
    while (this.readFd !== undefined && !this.ended && !this.readClosed) {
      let n: number;
      try {
        n = readSync(this.readFd, scratch, 0, scratch.length, null);
      } catch {
        break; // EAGAIN: nothing more yet (any other error, the stream sees too)
      }
      if (n === 0) this.onEnd();
      else this.onData(scratch.subarray(0, n));
      if (n < scratch.length) break;
    }
    return !this.greetingDue;
  }

  close(): void {
    if (this.input) this.input.destroy();
    else if (this.readFd !== undefined && !this.readClosed) closeSync(this.readFd);
    this.readClosed = true;
    if (this.output) this.output.destroy();
    else if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
    this.onEnd();
  }

  private send(bytes: Buffer, wantReply: boolean): Promise<PuppetReply> | undefined {
    if (this.ended) return wantReply ? Promise.reject(new Error('puppet gone')) : undefined;
    this.write(bytes);
    if (!wantReply) return undefined;
    if (this.ended) return Promise.reject(new Error('puppet gone'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * A new task's requests go straight into its pipe whenever nothing is
   * queued before them; what the pipe cannot take now (a request larger than
   * its room) goes through a stream made then, which waits for room and keeps
   * the order.
   */
  private write(bytes: Buffer): void {
    if (this.writeFd !== undefined && !this.output?.writableLength) {
      let n = 0;
      try {
        n = writeSync(this.writeFd, bytes);
      } catch (e) {
        // EPIPE: no task holds the request pipe's read end, so none will reply
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return this.onEnd();
      }
      if (n === bytes.length) return;
      bytes = bytes.subarray(n);
    }
    if (!this.output) {
      this.output = new Socket({ fd: this.writeFd!, readable: false, writable: true });
      this.output.on('error', () => { /* EPIPE: the reply side reports the end */ });
    }
    this.output.write(bytes);
  }

  /** `d` may be the shared read buffer: nothing of it is kept past the call */
  private onData(d: Buffer): void {
    let b = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    while (b.length >= 12) {
      const len = b.readUInt32LE(8);
      if (b.length < 12 + len) break;
      // i64 in two halves: a value is >= -4095 (errno) and below 2^53
      const value = b.readInt32LE(4) * 2 ** 32 + b.readUInt32LE(0);
      const text = Buffer.from(b.subarray(12, 12 + len));
      b = b.subarray(12 + len);
      const w = this.waiters.shift();
      if (w) w.resolve({ value, text });
    }
    this.buf = b.length ? Buffer.from(b) : EMPTY;
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('puppet gone'));
  }
}
