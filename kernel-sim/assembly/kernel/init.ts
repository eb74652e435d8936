// init/main.c, kernel/nsproxy.c (init_nsproxy), fs/namespace.c
// (init_mount_tree), drivers/base/devtmpfs.c: a fresh machine — the
// initial namespaces, the hidden rootfs with the machine's root (a tmpfs)
// mounted on it, a devtmpfs instance whose nodes can be bind-mounted, and
// the first task, init (PID 1).
//
// The files, directories and other mounts of the fresh machine are not
// made here: the host side builds them with ordinary calls, from the one
// description both backends use (host-backend/rootfs.ts).

import { Task, SignalStruct, Cred, FsStruct, Path, SIGNAL_UNKILLABLE } from "./task";
import { allocPid } from "./pid";
import { slabReset } from "./slab";
import { machine, machineReset, allCpus } from "./machine";
import { inumReset, nsRegistryReset, getNs } from "../ns/ns_common";
import { UserNamespace, IdExtent } from "../ns/user_namespace";
import { PidNamespace } from "../ns/pid_namespace";
import { UtsNamespace } from "../ns/uts_namespace";
import { IpcNamespace, NetNamespace, CgroupNamespace, TimeNamespace } from "../ns/simple_namespaces";
import { NsProxy } from "../ns/nsproxy";
import { MntNamespace, Mount, mountReset, MNT_NOSUID, MNT_NODEV, MNT_RELATIME, MNT_LOCKED } from "../fs/mount";
import { SuperBlock, superReset } from "../fs/super";
import { Dentry, S_IFCHR } from "../fs/inode";
import { nsfsReset } from "../fs/nsfs";
import { tmpfsOwnerOptions } from "../fs/super";
import { setProcJump } from "../fs/namei";
import { procJumpAt } from "../fs/proc/base";
import { cgroupInit } from "../cgroup/cgroup";

/**
 * A sandbox's root is the host's uid/gid SANDBOX_ID_BASE, with 65536 ids
 * (host-backend/agent/machine.ts): root inside, an unprivileged id outside.
 */
const SANDBOX_ID_BASE: u32 = 0x60000000;
const SANDBOX_IDS: u32 = 65536;

/** The machine's device nodes (name, major, minor), as devtmpfs holds them. */
const DEVICES: string[] = ["null:1:3", "zero:1:5", "full:1:7", "random:1:8", "urandom:1:9", "tty:5:0"];

/** devtmpfs, not mounted anywhere; its nodes are bind-mounted into the machine's /dev. */
export let devtmpfs: SuperBlock | null = null;

/**
 * `sandboxed`: the machine is what the real-host agent gives a session — its
 * namespaces are not the kernel's initial ones but new ones owned by a user
 * namespace that maps every id (0 0 4294967295) below the host's, which
 * stays out of sight; the root mount, pivoted into from a more privileged
 * namespace, is locked (pivot_root(2) and umount2(2) refuse it with EINVAL).
 */
export function bootMachine(cpus: i32, memoryKiB: i32, cgroupMode: i32, maxPidLevel: i32, hostname: string, sandboxed: bool): Task {
  slabReset();
  inumReset();
  nsRegistryReset();
  superReset();
  mountReset();
  nsfsReset();
  const m = machineReset();
  m.cpus = cpus;
  m.memoryKiB = memoryKiB;
  m.cgroupMode = cgroupMode;
  m.maxPidLevel = maxPidLevel;

  let userNs = new UserNamespace(null, 0);
  // where init's program was started: the host's user namespace for a sandbox
  const execNs = userNs;
  // the ids init runs with, as kernel ids
  let rootId: u32 = 0;
  if (sandboxed) {
    const hostNs = userNs;
    userNs = new UserNamespace(hostNs, 0, 0);
    // (the host namespace stays referenced as the tasks' mm user namespace)
    userNs.uidMap.push(new IdExtent(0, SANDBOX_ID_BASE, SANDBOX_IDS));
    userNs.gidMap.push(new IdExtent(0, SANDBOX_ID_BASE, SANDBOX_IDS));
    rootId = SANDBOX_ID_BASE;
  }
  const initial = !sandboxed;
  const pidNs = new PidNamespace(null, userNs, initial);
  m.rootPidNs = pidNs;
  const mntNs = new MntNamespace(userNs, initial);
  // rootfs: the namespace's first mount, its own parent, never visible from a task's root
  const rootfsSb = new SuperBlock("rootfs", null, null, 0, "");
  const rootfs = new Mount(rootfsSb, rootfsSb.root, null, 0, "none");
  mntNs.add(rootfs);
  mntNs.root = rootfs;
  // the machine's root file system, as host-backend/rootfs.ts ROOT_MOUNT describes it
  const rootSb = new SuperBlock("tmpfs", null, null, 0, "mode=755" + tmpfsOwnerOptions(rootId, rootId));
  rootSb.root.inode.uid = rootId;
  rootSb.root.inode.gid = rootId;
  const root = new Mount(rootSb, rootSb.root, null, MNT_NOSUID | MNT_NODEV | MNT_RELATIME | (sandboxed ? MNT_LOCKED : 0), "tmpfs");
  root.parent = rootfs;
  root.mountpoint = rootfsSb.root;
  mntNs.add(root);

  // devtmpfs: size and nr_inodes are half of RAM, as the kernel sizes it
  const pages = memoryKiB / 4;
  const dev = new SuperBlock("devtmpfs", null, null, 0,
    "size=" + (memoryKiB / 2).toString() + "k,nr_inodes=" + (pages / 2).toString() + ",mode=755");
  dev.count++;
  for (let i = 0; i < DEVICES.length; i++) {
    const f = unchecked(DEVICES[i]).split(":");
    const inode = dev.newInode(S_IFCHR | 0o666);
    inode.rdev = (<u32>parseInt(f[1]) << 8) | <u32>parseInt(f[2]);
    dev.root.children!.set(f[0], new Dentry(f[0], dev.root, inode));
  }
  devtmpfs = dev;

  const timeNs = new TimeNamespace(userNs, initial);
  // init is in it: its offsets can no longer change
  timeNs.frozen = true;
  const nsproxy = new NsProxy(new UtsNamespace(userNs, initial, hostname, "(none)"), new IpcNamespace(userNs, initial),
    mntNs, pidNs, new NetNamespace(userNs, initial), new CgroupNamespace(userNs, initial), timeNs, getNs(timeNs));

  const pid = allocPid(pidNs)!;
  const signal = new SignalStruct(pid.get(), pid.get());
  const cred = new Cred(rootId, rootId, userNs, true);
  userNs.count++;
  const fs = new FsStruct(new Path(root, rootSb.root, null), new Path(root, rootSb.root, null));
  const init = new Task(pid, signal, "init", nsproxy, cred, fs, null, null, null, allCpus());
  pid.task = init;
  init.mmUserNs = execNs;
  signal.threads.push(init);
  signal.flags |= SIGNAL_UNKILLABLE;
  pidNs.childReaper = init;
  machine.nrTasks = 1;
  setProcJump(procJumpAt);
  cgroupInit();
  return init;
}
