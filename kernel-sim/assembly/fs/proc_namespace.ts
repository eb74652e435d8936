// fs/proc_namespace.c: /proc/T/mountinfo and /proc/T/mounts — T's mount
// namespace, paths relative to T's root; mounts that T's root cannot reach
// are left out.
import { Task } from "../kernel/task";
import { Mount, MNT_NOSUID, MNT_NODEV, MNT_NOEXEC, MNT_NOATIME, MNT_NODIRATIME, MNT_RELATIME, MNT_READONLY, MNT_NOSYMFOLLOW } from "./mount";
import { SB_RDONLY } from "./super";
import { dPath } from "./namei";

/** mangle(): space, tab, newline and backslash as octal escapes. */
function mangle(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 32) out += "\\040";
    else if (c == 9) out += "\\011";
    else if (c == 10) out += "\\012";
    else if (c == 92) out += "\\134";
    else out += String.fromCharCode(c);
  }
  return out;
}

/** show_mnt_opts() */
function mntOpts(m: Mount): string {
  const f = m.flags;
  let s = "";
  if (f & MNT_NOSUID) s += ",nosuid";
  if (f & MNT_NODEV) s += ",nodev";
  if (f & MNT_NOEXEC) s += ",noexec";
  if (f & MNT_NOATIME) s += ",noatime";
  if (f & MNT_NODIRATIME) s += ",nodiratime";
  if (f & MNT_RELATIME) s += ",relatime";
  if (f & MNT_NOSYMFOLLOW) s += ",nosymfollow";
  return s;
}

function visibleMounts(t: Task): Mount[] {
  const out: Mount[] = [];
  const nsp = t.nsproxy;
  if (!nsp) return out;
  const ms = nsp.mnt.mounts;
  for (let i = 0; i < ms.length; i++) out.push(unchecked(ms[i]));
  return out;
}

function mountPoint(t: Task, m: Mount): string {
  return dPath(t.fs.root, m, m.root, m.rootNode);
}

/** show_mountinfo() for every mount T can see. */
export function renderMountinfo(t: Task): string {
  let s = "";
  const ms = visibleMounts(t);
  for (let i = 0; i < ms.length; i++) {
    const m = unchecked(ms[i]);
    const mp = mountPoint(t, m);
    if (mp.length == 0) continue;
    const parentId = m.parent ? m.parent!.id : m.id;
    s += m.id.toString() + " " + parentId.toString() + " 0:" + m.sb.dev.toString() + " " + mangle(m.rootPath()) + " " + mangle(mp);
    s += ((m.flags & MNT_READONLY) ? " ro" : " rw") + mntOpts(m);
    const peers = m.peers;
    if (peers) s += " shared:" + peers.id.toString();
    const master = m.master;
    if (master) s += " master:" + master.id.toString();
    if (m.unbindable) s += " unbindable";
    s += " - " + m.sb.fstype + " " + (m.devname.length > 0 ? mangle(m.devname) : "none") + " " + m.sb.superOptions() + "\n";
  }
  return s;
}

/** show_vfsmnt(): the /proc/mounts (fstab-like) lines. */
export function renderMounts(t: Task): string {
  let s = "";
  const ms = visibleMounts(t);
  for (let i = 0; i < ms.length; i++) {
    const m = unchecked(ms[i]);
    const mp = mountPoint(t, m);
    if (mp.length == 0) continue;
    const ro = (m.sb.flags & SB_RDONLY) != 0 || (m.flags & MNT_READONLY) != 0;
    const fsOpts = m.sb.options.length > 0 ? "," + m.sb.options : "";
    s += (m.devname.length > 0 ? mangle(m.devname) : "none") + " " + mangle(mp) + " " + m.sb.fstype + " " + (ro ? "ro" : "rw") + mntOpts(m) + fsOpts + " 0 0\n";
  }
  return s;
}
