// kernel/sys.c: the identity calls and the UTS names.
import { Task, pidNrNs, tgidNrNs } from "./task";
import { nsCapable, UserNamespace } from "../ns/user_namespace";
import { EINVAL, EPERM, NEW_UTS_LEN } from "../include/uapi";

/** getpid(): the tgid as the caller's own namespace sees it. */
export function sysGetpid(t: Task): i32 {
  return tgidNrNs(t, t.activePidNs());
}

/** gettid() */
export function sysGettid(t: Task): i32 {
  return pidNrNs(t.pid, t.activePidNs());
}

/** getppid(): 0 when the parent is outside the caller's PID namespace. */
export function sysGetppid(t: Task): i32 {
  const p = t.groupLeader.realParent;
  return p ? tgidNrNs(p, t.activePidNs()) : 0;
}

/** UTF-8 length, as the C string the program would pass. */
export function byteLength(s: string): i32 {
  return String.UTF8.byteLength(s, false);
}

/** sethostname(2)/setdomainname(2): CAP_SYS_ADMIN over the UTS namespace's owner first, then the length. */
export function sysSetUtsName(t: Task, name: string, domain: bool): i32 {
  const uts = t.nsproxy!.uts;
  if (!nsCapable(t.cred, changetype<UserNamespace>(uts.owner))) return -EPERM;
  if (byteLength(name) > NEW_UTS_LEN) return -EINVAL;
  if (domain) uts.domainname = name;
  else uts.nodename = name;
  return 0;
}
