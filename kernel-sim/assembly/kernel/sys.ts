// kernel/sys.c: the identity calls and the UTS names.
import { Task, Cred, pidNrNs, tgidNrNs } from "./task";
import { putCred } from "./fork";
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

/** getuid(2)/getgid(2): the id as the caller's user namespace sees it (65534 when unmapped). */
export function sysGetid(t: Task, gid: bool): i32 {
  const ns = t.cred.userNs;
  return <i32>(gid ? ns.gidMunged(t.cred.gid) : ns.uidMunged(t.cred.uid));
}

/**
 * setuid(2)/setgid(2) (kernel/sys.c __sys_setuid()): an id the caller's user
 * namespace does not map is EINVAL; with CAP_SETUID/CAP_SETGID there every
 * id is allowed, else only the one it has (EPERM). A uid other than the
 * namespace's root drops every capability (cap_task_fix_setuid()).
 * The model keeps one uid and one gid per cred (real = effective = saved).
 */
export function sysSetid(t: Task, id: i32, gid: bool): i32 {
  const old = t.cred;
  const ns = old.userNs;
  const kid = gid ? ns.toKid(<u32>id, ns.gidMap) : ns.toKid(<u32>id, ns.uidMap);
  if (kid < 0 || id == -1) return -EINVAL;
  const k = <u32>kid;
  const current = gid ? old.gid : old.uid;
  if (!nsCapable(old, ns) && k != current) return -EPERM;
  if (k == current) return 0;
  const c = new Cred(gid ? old.uid : k, gid ? k : old.gid, ns, old.capFull);
  ns.count++;
  if (!gid && ns.fromKid(k, ns.uidMap) != 0) c.capFull = false;
  t.cred = c;
  putCred(old);
  // commit_creds(): a change of ids makes the task not dumpable (suid_dumpable = 0)
  t.dumpable = false;
  return 0;
}

/** prctl(2): PR_GET_DUMPABLE (3) and PR_SET_DUMPABLE (4) with 0 or 1; other options are not modelled. */
export function sysPrctl(t: Task, option: i32, arg2: i32): i32 {
  if (option == 3) return t.dumpable ? 1 : 0;
  if (option == 4) {
    if (arg2 != 0 && arg2 != 1) return -EINVAL;
    t.dumpable = arg2 == 1;
    return 0;
  }
  return -38;
}
