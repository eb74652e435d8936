// ipc/namespace.c, net/core/net_namespace.c, kernel/cgroup/namespace.c,
// kernel/time/namespace.c: the namespaces whose contents come in later
// issues; here they have their identity, owner and lifetime.
import { NsCommon, NS_CGROUP, NS_IPC, NS_NET, NS_TIME, PROC_CGROUP_INIT_INO, PROC_IPC_INIT_INO, PROC_NET_INIT_INO, PROC_TIME_INIT_INO } from "./ns_common";
import { UserNamespace } from "./user_namespace";

export class IpcNamespace extends NsCommon {
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_IPC, owner, initial ? PROC_IPC_INIT_INO : 0);
  }
}

export class NetNamespace extends NsCommon {
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_NET, owner, initial ? PROC_NET_INIT_INO : 0);
  }
}

export class CgroupNamespace extends NsCommon {
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_CGROUP, owner, initial ? PROC_CGROUP_INIT_INO : 0);
  }
}

/** Offsets are set through /proc/T/timens_offsets before the first task enters (later issue). */
export class TimeNamespace extends NsCommon {
  monotonicOffset: i64 = 0;
  boottimeOffset: i64 = 0;
  /** Whether a task has entered it: offsets are frozen from then on. */
  frozen: bool = false;
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_TIME, owner, initial ? PROC_TIME_INIT_INO : 0);
    if (initial) this.frozen = true;
  }
}
