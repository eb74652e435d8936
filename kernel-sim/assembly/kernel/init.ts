// init/main.c, kernel/nsproxy.c (init_nsproxy), fs/namespace.c (init_mount_tree):
// a fresh machine — the initial namespaces, a root filesystem with /proc
// mounted, and its first task, init (PID 1).

import { Task, SignalStruct, Cred, FsStruct, MmStruct, FilesStruct, SighandStruct, Path, SIGNAL_UNKILLABLE } from "./task";
import { allocPid } from "./pid";
import { slabReset } from "./slab";
import { machine, machineReset, allCpus } from "./machine";
import { inumReset, nsRegistryReset, getNs } from "../ns/ns_common";
import { UserNamespace } from "../ns/user_namespace";
import { PidNamespace } from "../ns/pid_namespace";
import { UtsNamespace } from "../ns/uts_namespace";
import { IpcNamespace, NetNamespace, CgroupNamespace, TimeNamespace } from "../ns/simple_namespaces";
import { NsProxy } from "../ns/nsproxy";
import { MntNamespace, Mount, mountIdReset } from "../fs/mount";
import { SuperBlock } from "../fs/super";
import { inodeReset, mkdirIn } from "../fs/inode";

const ROOT_DIRS: string[] = ["bin", "dev", "etc", "home", "lib", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"];

export function bootMachine(cpus: i32, memoryMiB: i32, cgroupMode: i32, maxPidLevel: i32, hostname: string): Task {
  slabReset();
  inumReset();
  nsRegistryReset();
  inodeReset();
  mountIdReset();
  const m = machineReset();
  m.cpus = cpus;
  m.memoryMiB = memoryMiB;
  m.cgroupMode = cgroupMode;
  m.maxPidLevel = maxPidLevel;

  const userNs = new UserNamespace(null, 0);
  const pidNs = new PidNamespace(null, userNs);
  const mntNs = new MntNamespace(userNs, true);
  const rootSb = new SuperBlock("tmpfs", "rootfs", null);
  for (let i = 0; i < ROOT_DIRS.length; i++) mkdirIn(rootSb.root, unchecked(ROOT_DIRS[i]), 0o755);
  const rootMnt = new Mount(rootSb, rootSb.root, null, rootSb.root, mntNs, 0);
  mntNs.attach(rootMnt);
  mntNs.root = rootMnt;
  const timeNs = new TimeNamespace(userNs, true);
  const nsproxy = new NsProxy(new UtsNamespace(userNs, true, hostname, "(none)"), new IpcNamespace(userNs, true),
    mntNs, pidNs, new NetNamespace(userNs, true), new CgroupNamespace(userNs, true), timeNs, getNs(timeNs));

  const pid = allocPid(pidNs)!;
  const signal = new SignalStruct(pid.get(), pid.get());
  const cred = new Cred(0, 0, userNs, true);
  userNs.count++;
  m.rootPidNs = pidNs;
  const fs = new FsStruct(new Path(rootMnt, rootSb.root), new Path(rootMnt, rootSb.root));
  const init = new Task(pid, signal, "init", nsproxy, cred, fs, null, null, null, allCpus());
  pid.task = init;
  signal.threads.push(init);
  signal.flags |= SIGNAL_UNKILLABLE;
  pidNs.childReaper = init;
  machine.nrTasks = 1;

  // /proc for the initial PID namespace
  const procSb = new SuperBlock("proc", "proc", pidNs);
  const procMnt = new Mount(procSb, procSb.root, rootMnt, rootSb.root.lookup("proc")!, mntNs, 0);
  mntNs.attach(procMnt);
  return init;
}
