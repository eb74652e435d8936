// The structured state the views draw (ARCHITECTURE.md "Snapshot"), derived
// from procfs reads and ioctl_ns so that both backends produce it the same way.
import type { TaskRef } from '../backend.ts';
import type { NsType } from '../errno.ts';

export interface TaskSnap {
  ref: TaskRef;
  /** NSpid: the PID at every level, from the machine's initial PID namespace down to the task's own. */
  nspid: number[];
  /** NStgid, same levels */
  nstgid: number[];
  /** PPid as the machine's initial namespace sees it (0: none) */
  ppid: number;
  comm: string;
  /** State letter as /proc/T/stat shows it: R S D Z T X ... */
  state: string;
  /** namespace inode of each type, plus pid_for_children / time_for_children (0 when absent) */
  ns: Record<NsType | 'pid_for_children' | 'time_for_children', number>;
  uid: number[];
  gid: number[];
  /** /proc/T/cgroup lines */
  cgroup: string[];
  cpusAllowed: string;
}

export interface NsSnap {
  inode: number;
  type: NsType;
  /** pid and user namespaces: the parent's inode (0 for the machine's initial one) */
  parent: number;
  /** the owning user namespace's inode */
  owner: number;
  /** pid namespaces: level below the machine's initial one */
  level?: number;
}

export interface MountSnap {
  /** the mount namespace's inode */
  ns: number;
  /** /proc/T/mountinfo lines of one task of that namespace */
  mountinfo: string[];
}

export interface Snapshot {
  version: 1;
  backend: 'sim' | 'host';
  tasks: TaskSnap[];
  namespaces: NsSnap[];
  mounts: MountSnap[];
}
