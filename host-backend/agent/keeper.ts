// The keeper: one puppet per agent, in the host's namespaces, that clones
// every sandbox's init and reaps it. Starting a process from Node costs a
// fork of the whole agent; a request to the keeper costs a clone of a small
// C process. When the agent goes away the keeper's channel ends and it kills
// and reaps every init it still has (puppet.c), so no sandbox outlives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { PuppetChannel } from './channel.ts';

export class Keeper {
  private readonly child: ChildProcess;
  readonly chan: PuppetChannel;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly exited: Promise<void>;

  constructor(puppet: string) {
    // argv0 "init": the inits it clones share its command line
    this.child = spawn(puppet, [], { argv0: 'init', stdio: ['pipe', 'pipe', 'ignore'], env: {}, detached: true });
    this.child.on('error', () => { /* seen as the channel ending */ });
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    this.chan = new PuppetChannel(this.child.stdout!, this.child.stdin!);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && !this.chan.ended;
  }

  /**
   * Exclusive use of the channel: a clone's reply and the acknowledgement
   * that follows it must not interleave with another machine's request.
   */
  exclusive<T>(f: (chan: PuppetChannel) => Promise<T>): Promise<T> {
    const p = this.lock.then(() => f(this.chan));
    this.lock = p.catch(() => undefined);
    return p;
  }

  /** End the channel: the keeper kills and reaps its inits and exits. */
  async close(): Promise<void> {
    this.chan.close();
    const late = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(late);
  }
}
