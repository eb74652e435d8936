// ipc/namespace.c, net/core/net_namespace.c, kernel/cgroup/namespace.c,
// kernel/time/namespace.c: the namespaces whose objects live elsewhere
// (ipc/, net/, cgroup/, time/); here they have their identity, owner,
// lifetime and the tables of what they hold.
import { NsCommon, nsByInum, NS_CGROUP, NS_IPC, NS_NET, NS_TIME, PROC_CGROUP_INIT_INO, PROC_IPC_INIT_INO, PROC_NET_INIT_INO, PROC_TIME_INIT_INO } from "./ns_common";
import { UserNamespace } from "./user_namespace";
import { IpcIds } from "../ipc/util";
import { MqQueue } from "../ipc/mqueue";
import { MSGMNI, SEMMNI, SHMMNI } from "../ipc/uapi";
import { NetDevice, ARPHRD_LOOPBACK, IFF_LOOPBACK, randomReset } from "../net/netdevice";
import { registerNetdevice, unregisterNetdevice, nsidsForget } from "../net/dev";
import { vethDellink } from "../net/veth";
import { CssSet } from "../cgroup/cgroup_defs";

/**
 * struct ipc_namespace: its own System V objects (ids start again at 0)
 * and its own POSIX message queues; a new one starts empty. Its objects
 * die with it (free_ipc()).
 */
export class IpcNamespace extends NsCommon {
  msgIds: IpcIds = new IpcIds(MSGMNI);
  semIds: IpcIds = new IpcIds(SEMMNI);
  shmIds: IpcIds = new IpcIds(SHMMNI);
  /** Invariant: usedSems is the sum of nsems over semIds (sc_semmns accounting). */
  usedSems: i64 = 0;
  /** pages of every segment (shm_tot) */
  shmTot: i64 = 0;
  /** the files of the namespace's mqueue mount, by name (without "/") */
  mqueues: Map<string, MqQueue> = new Map<string, MqQueue>();

  constructor(owner: UserNamespace, initial: bool) {
    super(NS_IPC, owner, initial ? PROC_IPC_INIT_INO : 0);
  }

  release(): void {
    this.msgIds = new IpcIds(MSGMNI);
    this.semIds = new IpcIds(SEMMNI);
    this.shmIds = new IpcIds(SHMMNI);
    this.usedSems = 0;
    this.shmTot = 0;
    this.mqueues.clear();
  }
}

/**
 * struct net: its devices (a new namespace has only its loopback device,
 * down), the next ifindex to try, and the ids it gives other namespaces
 * that its devices' peers live in. When it dies its veth devices are
 * deleted with their peers (default_device_exit_batch()).
 */
export class NetNamespace extends NsCommon {
  /** Invariant: every device here has dev.net == this; in registration order (for_each_netdev). */
  devices: NetDevice[] = [];
  /** net->ifindex: where the cyclic search for a free ifindex starts */
  ifindexNext: i32 = 1;
  /** netns ids (peernet2id()): Invariant: distinct, >= 0 */
  nsids: Map<NetNamespace, i32> = new Map<NetNamespace, i32>();

  constructor(owner: UserNamespace, initial: bool) {
    super(NS_NET, owner, initial ? PROC_NET_INIT_INO : 0);
    // a machine's first namespace: the address generator starts again, so a run is repeatable
    if (initial) randomReset();
    // loopback_net_init()
    const lo = new NetDevice(this, "lo", "", IFF_LOOPBACK, 65536, ARPHRD_LOOPBACK, "00:00:00:00:00:00", "00:00:00:00:00:00", true);
    registerNetdevice(this, lo, 0);
  }

  release(): void {
    while (this.devices.length > 0) {
      const d = this.devices[this.devices.length - 1];
      if (d.kind == "veth") vethDellink(d);
      else unregisterNetdevice(d);
    }
    const all: NetNamespace[] = [];
    const v = nsByInum.values();
    for (let i = 0; i < v.length; i++) if (unchecked(v[i]).type == NS_NET) all.push(changetype<NetNamespace>(unchecked(v[i])));
    nsidsForget(this, all);
    this.nsids.clear();
  }
}

export class CgroupNamespace extends NsCommon {
  /** root_cset: the creator's css_set when it was made; its cgroups are this namespace's roots (cgroup/namespace.ts). null until set. */
  rootCset: CssSet | null = null;
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_CGROUP, owner, initial ? PROC_CGROUP_INIT_INO : 0);
  }
}

/**
 * struct time_namespace: offsets of CLOCK_MONOTONIC and CLOCK_BOOTTIME,
 * set through /proc/T/timens_offsets (time/namespace.ts) until the first
 * task enters.
 */
export class TimeNamespace extends NsCommon {
  monotonicSec: i64 = 0;
  monotonicNsec: i32 = 0;
  boottimeSec: i64 = 0;
  boottimeNsec: i32 = 0;
  /** frozen_offsets: a task has entered it (the initial one from boot); the offsets never change again. */
  frozen: bool = false;
  constructor(owner: UserNamespace, initial: bool) {
    super(NS_TIME, owner, initial ? PROC_TIME_INIT_INO : 0);
    if (initial) this.frozen = true;
  }
}
