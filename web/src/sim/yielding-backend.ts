// A Backend that lets the worker's event loop run every few milliseconds, so
// work done ahead of the user (prefetching the next steps) never delays an
// answer to the user. Cancelled, every later call throws: the work that used
// it is abandoned, and the machine under it is never touched again.
import type { Arg, Backend, CallResult, MachineConfig, SyscallName, TaskRef } from '../../../host-backend/backend.ts';

/** one macrotask: a MessageChannel round trip (no 4 ms clamp, as setTimeout has when nested) */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

export class Cancelled extends Error {
  constructor() {
    super('superseded');
  }
}

export class YieldingBackend implements Backend {
  readonly kind;
  #last = performance.now();
  cancelled = false;

  constructor(
    readonly inner: Backend,
    /** ms of work between two yields */
    readonly slice = 4,
  ) {
    this.kind = inner.kind;
  }

  async #pause(): Promise<void> {
    if (this.cancelled) throw new Cancelled();
    if (performance.now() - this.#last < this.slice) return;
    await yieldToEvents();
    this.#last = performance.now();
    if (this.cancelled) throw new Cancelled();
  }

  async boot(config?: Partial<MachineConfig>): Promise<TaskRef> {
    await this.#pause();
    return this.inner.boot(config);
  }
  machine(): Promise<MachineConfig> {
    return this.inner.machine();
  }
  async call(task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult> {
    await this.#pause();
    return this.inner.call(task, name, args);
  }
  async pidOf(viewer: TaskRef, target: TaskRef): Promise<number> {
    await this.#pause();
    return this.inner.pidOf(viewer, target);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
