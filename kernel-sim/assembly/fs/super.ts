// fs/super.c: a mounted filesystem instance.
//
// proc instances are tied to the PID namespace of the task that mounted
// them (fs/proc/root.c): every /proc path is rendered as that namespace
// sees the tasks, whoever reads it.

import { Inode, S_IFDIR } from "./inode";
import { PidNamespace } from "../ns/pid_namespace";

export class SuperBlock {
  readonly fstype: string;
  readonly source: string;
  readonly root: Inode;
  /** proc: the PID namespace it shows */
  readonly pidNs: PidNamespace | null;
  /** mounts of this instance */
  count: i32 = 0;

  constructor(fstype: string, source: string, pidNs: PidNamespace | null) {
    this.fstype = fstype;
    this.source = source;
    this.root = new Inode(S_IFDIR | 0o755, "", null);
    this.pidNs = pidNs;
    if (pidNs) pidNs.count++;
  }

  put(): void {
    if (--this.count > 0) return;
    const ns = this.pidNs;
    if (ns) ns.put();
  }
}
