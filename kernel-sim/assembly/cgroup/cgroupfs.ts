// kernel/cgroup/cgroup.c (cgroup_kf_syscall_ops, cgroup_file_write),
// fs/kernfs: cgroupfs as a pseudo filesystem. A directory is a cgroup; its
// files are its cftypes (cftypes.ts); mkdir makes a child cgroup and rmdir
// removes one. Entries are made on lookup, so a removed cgroup's entries
// answer ENODEV, as kernfs does for a deactivated node.

import { Task } from "../kernel/task";
import { PseudoNode, setPseudoErr } from "../fs/pseudo";
import { Cgroup } from "./cgroup_defs";
import { CfType, cgroupFile, cgroupFiles, cgErr, setCgErr } from "./cftypes";
import { cgroupMkdir, cgroupRmdir } from "./cgroup";
import { EACCES, EINVAL, EISDIR, ENODEV, ENOENT, ENOTDIR } from "../include/uapi";

function fileNames(cg: Cgroup): string[] {
  const files = cgroupFiles(cg);
  const out: string[] = [];
  for (let i = 0; i < files.length; i++) out.push(unchecked(files[i]).name);
  return out;
}

function byBytes(a: string, b: string): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A cgroup's directory. */
export class CgroupDir extends PseudoNode {
  /** cgroupfs makes no regular files: open(O_CREAT) of a new name is EACCES (checked on Linux 6.18). */
  create(name: string, reader: Task): i32 {
    return -EACCES;
  }

  constructor(public cg: Cgroup, parent: PseudoNode | null, name: string) {
    super(parent, name);
  }

  isDir(): bool {
    return true;
  }

  lookup(name: string, reader: Task): PseudoNode | null {
    const cg = this.cg;
    if (cg.dead) { setPseudoErr(ENODEV); return null; }
    if (cg.children.has(name)) return new CgroupDir(cg.children.get(name), this, name);
    const f = cgroupFile(cg, name);
    if (f) return new CgroupFile(cg, f, this);
    setPseudoErr(ENOENT);
    return null;
  }

  readdir(reader: Task): string[] {
    const cg = this.cg;
    if (cg.dead) return [];
    const names = fileNames(cg);
    const kids = cg.children.keys();
    for (let i = 0; i < kids.length; i++) names.push(unchecked(kids[i]));
    names.sort(byBytes);
    return names;
  }

  read(reader: Task): string {
    setPseudoErr(EISDIR);
    return "";
  }

  write(reader: Task, text: string): i32 {
    return -EISDIR;
  }

  mkdir(name: string, reader: Task): i32 {
    return cgroupMkdir(this.cg, name);
  }

  rmdir(name: string, reader: Task): i32 {
    if (this.cg.dead) return -ENOENT;
    return cgroupRmdir(this.cg, name);
  }
}

/** One file of a cgroup directory. */
export class CgroupFile extends PseudoNode {
  constructor(public cg: Cgroup, public cft: CfType, parent: PseudoNode) {
    super(parent, cft.name);
  }

  isDir(): bool {
    return false;
  }

  lookup(name: string, reader: Task): PseudoNode | null {
    setPseudoErr(ENOTDIR);
    return null;
  }

  read(reader: Task): string {
    if (this.cg.dead) { setPseudoErr(ENODEV); return ""; }
    setCgErr(0);
    const s = this.cft.read(this.cg, reader);
    setPseudoErr(cgErr);
    return s;
  }

  /** An empty write never reaches the file (kernfs returns 0). */
  write(reader: Task, text: string): i32 {
    if (this.cg.dead) return -ENODEV;
    if (text.length == 0) return 0;
    const r = this.cft.write(this.cg, reader, text);
    return r < 0 ? r : String.UTF8.byteLength(text, false);
  }

  mkdir(name: string, reader: Task): i32 {
    return -ENOTDIR;
  }

  rmdir(name: string, reader: Task): i32 {
    return -ENOTDIR;
  }
}
