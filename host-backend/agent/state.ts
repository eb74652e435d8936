// What each session creates, recorded under the agent's state directory
// before it is created, so that an agent started after a crash (kill -9)
// removes what the crashed one left, and nothing else: a record names its
// agent by pid and start time, and is only acted on when that agent is gone.
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { removeSubtree, subtreeProcs } from './cgroups.ts';
import { taskStat } from './procfs.ts';
import { dirname, resolve } from 'node:path';

/** A process named so that a reused pid is never mistaken for it. */
export interface ProcRef { pid: number; start: number }

export interface SessionRecord {
  sid: string;
  agent: ProcRef;
  keeper?: ProcRef;
  init?: ProcRef;
  /** the session's cgroup directories (made by the agent, removed with everything below them) */
  cgroups: string[];
  /** the empty host directory the sandbox root is mounted on (in the sandbox's mount namespace only) */
  root: string;
}

export function procRef(pid: number): ProcRef | undefined {
  const st = taskStat(pid);
  return st ? { pid, start: st.start } : undefined;
}

export function isAlive(p: ProcRef | undefined): boolean {
  if (!p) return false;
  const st = taskStat(p.pid);
  return !!st && st.start === p.start && st.state !== 'Z' && st.state !== 'X';
}

export class StateDir {
  readonly sessions: string;
  readonly roots: string;

  constructor(readonly dir: string) {
    this.sessions = `${dir}/sessions`;
    this.roots = `${dir}/roots`;
    mkdirSync(this.sessions, { recursive: true, mode: 0o700 });
    mkdirSync(this.roots, { recursive: true, mode: 0o711 });
    // the sandbox's init (not host root) mounts its root on roots/<sid>: it must be able to get there
    chmodSync(dir, statSync(dir).mode | 0o111);
    chmodSync(this.roots, 0o711);
    for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) {
        throw new Error(`nslab agent: state directory ${dir}: ${d} is not searchable by others, and the sandboxes' root (an unprivileged host uid) must reach ${this.roots}`);
      }
      if (d === '/') break;
    }
  }

  write(rec: SessionRecord): void {
    const path = `${this.sessions}/${rec.sid}.json`;
    writeFileSync(`${path}.tmp`, JSON.stringify(rec));
    renameSync(`${path}.tmp`, path);
  }

  remove(sid: string): void {
    try { unlinkSync(`${this.sessions}/${sid}.json`); } catch { /* already gone */ }
  }

  records(): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const f of readdirSync(this.sessions)) {
      if (!f.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(readFileSync(`${this.sessions}/${f}`, 'utf8')) as SessionRecord);
      } catch { /* a torn write: the .tmp never replaced it */ }
    }
    return out;
  }

  /** Remove what sessions of agents that are gone left behind. Returns their ids. */
  async recover(): Promise<string[]> {
    const done: string[] = [];
    for (const rec of this.records()) {
      if (isAlive(rec.agent)) continue;
      await destroySession(rec, { keeper: true });
      this.remove(rec.sid);
      done.push(rec.sid);
    }
    return done;
  }
}

/**
 * Kill the session's processes (its init and, for a dead agent, its keeper, by pid and start time,
 * then whatever is still in its cgroups) and remove its cgroups and root
 * directory. Its mounts and namespaces die with its processes: they live in
 * the sandbox's own mount namespace.
 */
export async function destroySession(rec: SessionRecord, opts: { keeper: boolean }): Promise<boolean> {
  // the keeper serves every session of its agent: only a dead agent's is killed
  for (const p of opts.keeper ? [rec.init, rec.keeper] : [rec.init]) {
    if (isAlive(p)) try { process.kill(p!.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  const end = Date.now() + 5000;
  for (;;) {
    const procs = rec.cgroups.flatMap(subtreeProcs);
    for (const pid of procs) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    if (procs.length === 0 && rec.cgroups.every(removeSubtree)) break;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  try { rmdirSync(rec.root); } catch { /* gone, or (never) still mounted */ }
  return true;
}
