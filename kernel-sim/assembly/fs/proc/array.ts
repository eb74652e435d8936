// fs/proc/array.c: /proc/T/status and /proc/T/stat, as Linux 6.18 prints
// them. Every pid in them is the pid as the proc instance's namespace sees
// it; ids are as the reader's user namespace sees them.
//
// Differences from Linux: what the model has no notion of — memory sizes,
// context switches, signal queue limits, times — is printed as fixed,
// plausible values for a small busybox process (the differential tests
// mask them; see host-backend/userland's normaliser).

import { Task, pidNrNs, tgidNrNs, SIGNAL_STOP_STOPPED, EXIT_ZOMBIE } from "../../kernel/task";
import { PidNamespace } from "../../ns/pid_namespace";
import { UserNamespace } from "../../ns/user_namespace";
import { machine } from "../../kernel/machine";
import { seqOpen, seqPutc, seqPutDec, seqPutEscaped, seqPutHex, seqPuts, seqRelease } from "../seq_file";

/** The state letter: R for the task reading its own /proc, S sleeping, T stopped, Z zombie. */
export function taskStateChar(t: Task, reader: Task): string {
  if (t.exitState == EXIT_ZOMBIE) return "Z";
  if (t.exitState != 0) return "X";
  if (t.signal.flags & SIGNAL_STOP_STOPPED) return "T";
  if (t === reader) return "R";
  return "S";
}

function stateName(c: string): string {
  if (c == "R") return "R (running)";
  if (c == "T") return "T (stopped)";
  if (c == "Z") return "Z (zombie)";
  if (c == "X") return "X (dead)";
  return "S (sleeping)";
}

/** "%*pb": the mask in hex, 32-bit groups separated by commas, over nr_cpu_ids bits. */
function seqCpumaskHex(mask: u64, nbits: i32): void {
  const groups = (nbits + 31) / 32;
  for (let g = groups - 1; g >= 0; g--) {
    const word = <u32>((g >= 2 ? 0 : (mask >> (<u64>g * 32))) & 0xffffffff);
    const bitsHere = g == groups - 1 ? nbits - g * 32 : 32;
    if (g != groups - 1) seqPutc(0x2c);
    seqPutHex(word, (bitsHere + 3) / 4);
  }
}

/** "%*pbl": the mask as a list of ranges ("0-1", "0,2,4,6"). */
function seqCpumaskList(mask: u64, nbits: i32): void {
  let first = true;
  let i = 0;
  while (i < nbits && i < 64) {
    if ((mask >> <u64>i) & 1) {
      let j = i;
      while (j + 1 < nbits && j + 1 < 64 && ((mask >> <u64>(j + 1)) & 1)) j++;
      if (!first) seqPutc(0x2c);
      first = false;
      seqPutDec(i);
      if (j > i) {
        seqPutc(0x2d);
        seqPutDec(j);
      }
      i = j + 1;
    } else i++;
  }
}

export function cpumaskList(mask: u64, nbits: i32): string {
  const mark = seqOpen();
  seqCpumaskList(mask, nbits);
  return seqRelease(mark);
}

const MEMS_ALLOWED = "00000000,".repeat(31) + "00000001";
const CAP_FULL = "000001ffffffffff";
const CAP_NONE = "0000000000000000";

function idLine(name: string, id: u32): void {
  seqPuts(name);
  seqPutc(0x3a);
  for (let i = 0; i < 4; i++) {
    seqPutc(0x09);
    seqPutDec(id);
  }
  seqPutc(0x0a);
}

/** The levels line ("NSpid:\t7\t1"): from the proc namespace's level down to the task's. */
function nsLine(name: string, t: Task, ns: PidNamespace, which: i32): void {
  seqPuts(name);
  seqPutc(0x3a);
  const pid = t.pid;
  for (let l = ns.level; l <= pid.level; l++) {
    const lns = unchecked(pid.numbers[l]).ns;
    let nr = 0;
    if (which == 0) nr = tgidNrNs(t, lns);
    else if (which == 1) nr = pidNrNs(pid, lns);
    else if (which == 2) nr = pidNrNs(t.signal.pgrp, lns);
    else nr = pidNrNs(t.signal.session, lns);
    seqPutc(0x09);
    seqPutDec(nr);
  }
  seqPutc(0x0a);
}

/** signal->nr_threads: the group's threads not yet released (a zombie leader still counts). */
function numThreads(t: Task): i32 {
  return t.signal.threads.length;
}

/** "Key:\tN\n" */
function decLine(key: string, n: i32): void {
  seqPuts(key);
  seqPutDec(n);
  seqPutc(0x0a);
}

/** proc_pid_status() */
export function renderStatus(t: Task, ns: PidNamespace, reader: Task): string {
  const userNs: UserNamespace = reader.cred.userNs;
  const state = taskStateChar(t, reader);
  const parent = t.realParent;
  const ppid = parent ? tgidNrNs(parent, ns) : 0;
  const zombie = !t.alive();
  const mark = seqOpen();
  seqPuts("Name:\t");
  seqPutEscaped(t.comm);
  // the umask is the task's fs_struct's: a zombie has none left (exit_fs), and no line
  seqPuts(zombie ? "\nState:\t" : "\nUmask:\t0022\nState:\t");
  seqPuts(stateName(state));
  seqPutc(0x0a);
  decLine("Tgid:\t", tgidNrNs(t, ns));
  seqPuts("Ngid:\t0\n");
  decLine("Pid:\t", pidNrNs(t.pid, ns));
  decLine("PPid:\t", ppid);
  seqPuts("TracerPid:\t0\n");
  idLine("Uid", userNs.uidMunged(t.cred.uid));
  idLine("Gid", userNs.gidMunged(t.cred.gid));
  seqPuts(zombie ? "FDSize:\t0\n" : "FDSize:\t64\n");
  seqPuts("Groups:\t \n");
  nsLine("NStgid", t, ns, 0);
  nsLine("NSpid", t, ns, 1);
  nsLine("NSpgid", t, ns, 2);
  nsLine("NSsid", t, ns, 3);
  seqPuts("Kthread:\t0\n");
  if (!zombie) seqPuts(STATUS_MM);
  decLine("Threads:\t", numThreads(t));
  seqPuts(STATUS_SIGNALS);
  const cap = t.cred.capFull ? CAP_FULL : CAP_NONE;
  seqPuts(CAP_INH_PRM);
  seqPuts(cap);
  seqPuts("\nCapEff:\t");
  seqPuts(cap);
  seqPuts(CAP_BND_AMB);
  seqPuts(STATUS_SECCOMP);
  seqPuts("Cpus_allowed:\t");
  seqCpumaskHex(t.cpusAllowed, machine.cpus);
  seqPuts("\nCpus_allowed_list:\t");
  seqCpumaskList(t.cpusAllowed, machine.cpus);
  seqPuts(STATUS_TAIL);
  return seqRelease(mark);
}

/** task_mem(): fixed sizes of a small busybox process (see the file's head) */
const STATUS_MM =
  "VmPeak:\t    1924 kB\nVmSize:\t    1924 kB\nVmLck:\t       0 kB\nVmPin:\t       0 kB\n" +
  "VmHWM:\t     512 kB\nVmRSS:\t     512 kB\nRssAnon:\t      96 kB\nRssFile:\t     416 kB\n" +
  "RssShmem:\t       0 kB\nVmData:\t     156 kB\nVmStk:\t     132 kB\nVmExe:\t     984 kB\n" +
  "VmLib:\t       8 kB\nVmPTE:\t      40 kB\nVmSwap:\t       0 kB\nHugetlbPages:\t       0 kB\n" +
  "CoreDumping:\t0\nTHP_enabled:\t1\nuntag_mask:\t0xffffffffffffffff\n";
const STATUS_SIGNALS =
  "SigQ:\t0/96365\n" +
  "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n" +
  "SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n";
const CAP_INH_PRM = "CapInh:\t" + CAP_NONE + "\nCapPrm:\t";
const CAP_BND_AMB = "\nCapBnd:\t" + CAP_FULL + "\nCapAmb:\t" + CAP_NONE + "\n";
const STATUS_TAIL =
  "\nMems_allowed:\t" + MEMS_ALLOWED + "\nMems_allowed_list:\t0\n" +
  "voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t0\n";
const STATUS_SECCOMP =
  "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n" +
  "Speculation_Store_Bypass:\tthread vulnerable\nSpeculationIndirectBranch:\tconditional enabled\n";

/** The CPU a task last ran on: the lowest allowed one (no scheduler here). */
export function taskCpu(t: Task): i32 {
  for (let i = 0; i < 64 && i < machine.cpus; i++) if ((t.cpusAllowed >> <u64>i) & 1) return i;
  return 0;
}

/** do_task_stat(): the 52 fields of proc(5), pids as `ns` sees them. */
export function renderStat(t: Task, ns: PidNamespace, reader: Task): string {
  const state = taskStateChar(t, reader);
  const parent = t.realParent;
  const ppid = parent ? tgidNrNs(parent, ns) : 0;
  const zombie = !t.alive();
  const pgrp = pidNrNs(t.signal.pgrp, ns);
  const sid = pidNrNs(t.signal.session, ns);
  const nr = pidNrNs(t.pid, ns);
  let s = nr.toString() + " (" + t.comm + ") " + state + " " + ppid.toString() + " " + pgrp.toString() + " " + sid.toString();
  // tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice
  s += " 0 -1 " + (zombie ? "4227148" : "4194560") + " 0 0 0 0 0 0 0 0 20 0";
  s += " " + numThreads(t).toString() + " 0 0"; // num_threads itrealvalue starttime
  s += zombie ? " 0 0 18446744073709551615 0 0 0" : " 1970176 128 18446744073709551615 1 1 0"; // vsize rss rsslim startcode endcode startstack
  s += " 0 0 0 0 0 0 0 0 0"; // kstkesp kstkeip signal blocked sigignore sigcatch wchan nswap cnswap
  s += " " + t.exitSignal.toString() + " " + taskCpu(t).toString() + " 0 0 0 0 0"; // exit_signal processor rt_priority policy blkio guest cguest
  s += " 0 0 0 0 0 0 0 " + (zombie ? t.exitCode.toString() : "0") + "\n";
  return s;
}
