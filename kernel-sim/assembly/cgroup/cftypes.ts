// The files of a cgroup directory (struct cftype tables: cgroup1_base_files,
// cgroup_base_files, psi files, and each controller's legacy_cftypes /
// dfl_cftypes), with the text Linux 6.18 shows in them on this kernel's
// config, checked on a real hybrid host.
//
// Files the model has nothing behind (statistics, pressure, blkio, devices,
// freezer) show what an idle fresh cgroup shows; writes to them are
// accepted only where listed, otherwise "not modelled" (ENOSYS).
// Read-only files refuse writes with EINVAL and write-only files refuse
// reads with EINVAL, as cgroup_file_write()/seq_read do.

import { Task } from "../kernel/task";
import { machine } from "../kernel/machine";
import { cpumaskList } from "../fs/proc/array";
import {
  Cgroup, SS_CPUSET, SS_CPU, SS_CPUACCT, SS_IO, SS_MEMORY, SS_DEVICES, SS_FREEZER, SS_HUGETLB, SS_PIDS, SS_COUNT, SS_NAMES,
  PAGE_SIZE, PAGE_COUNTER_MAX_BYTES, PIDS_MAX, DFL_INHIBIT_MASK, DFL_IMPLICIT_MASK, ERANGE,
} from "./cgroup_defs";
import { isPopulated, effectiveCss } from "./css_set";
import { strstrip, parseDecimal, okNum, memparse, memparseEnd, chompNewline } from "./cpulist";
import { cpusetWriteMask } from "./cpuset";
import { memcgSetMax } from "./memory";
import { procsRead, procsWrite, subtreeControlWrite, cgroupKill, printSsMask } from "./cgroup";
import { EINVAL, ENOSYS, EOPNOTSUPP } from "../include/uapi";

/** The errno of the last failed read ("" with 0: an empty file). */
export let cgErr: i32 = 0;

export function setCgErr(e: i32): void {
  cgErr = e;
}

/** not on the hierarchy's top cgroup */
export const CFT_NOT_ON_ROOT: i32 = 1;
/** only on the hierarchy's top cgroup */
export const CFT_ONLY_ON_ROOT: i32 = 2;

type ReadFn = (cg: Cgroup, reader: Task) => string;
type WriteFn = (cg: Cgroup, writer: Task, text: string) => i32;

export class CfType {
  constructor(public name: string, public flags: i32, public read: ReadFn, public write: WriteFn) {}
}

// ---------------------------------------------------------------- helpers

function noRead(cg: Cgroup, r: Task): string {
  cgErr = EINVAL;
  return "";
}

function noWrite(cg: Cgroup, w: Task, text: string): i32 {
  return -EINVAL;
}

function notModelled(cg: Cgroup, w: Task, text: string): i32 {
  return -ENOSYS;
}

function zero(cg: Cgroup, r: Task): string { return "0\n"; }
function one(cg: Cgroup, r: Task): string { return "1\n"; }
function empty(cg: Cgroup, r: Task): string { return ""; }
function newline(cg: Cgroup, r: Task): string { return "\n"; }
function total0(cg: Cgroup, r: Task): string { return "Total 0\n"; }
function pressure(cg: Cgroup, r: Task): string {
  return "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
}
function bytesMax(cg: Cgroup, r: Task): string { return PAGE_COUNTER_MAX_BYTES.toString() + "\n"; }

function perCpu(cg: Cgroup, r: Task): string {
  let s = "";
  for (let i = 0; i < machine.cpus; i++) s += "0 ";
  return s + "\n";
}

function numOrMax(v: i64, max: i64): string {
  return v >= max ? "max\n" : v.toString() + "\n";
}

/** A 0/1 flag file (cgroup_write_u64 after kstrtoull). */
function parseU64(text: string): i64 {
  const v = parseDecimal(chompNewline(text));
  if (!okNum || v < 0) return -1;
  return v;
}

// ---------------------------------------------------------------- core, both versions

function procsR(cg: Cgroup, r: Task): string { return procsRead(cg, r, true); }
function tasksR(cg: Cgroup, r: Task): string { return procsRead(cg, r, false); }
function procsW(cg: Cgroup, w: Task, text: string): i32 { return procsWrite(cg, w, text, true); }
function tasksW(cg: Cgroup, w: Task, text: string): i32 { return procsWrite(cg, w, text, false); }

// ---------------------------------------------------------------- v1 core

function cloneChildrenR(cg: Cgroup, r: Task): string { return cg.cloneChildren ? "1\n" : "0\n"; }
function cloneChildrenW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 0) return -EINVAL;
  cg.cloneChildren = v != 0;
  return text.length;
}
function notifyR(cg: Cgroup, r: Task): string { return cg.notifyOnRelease ? "1\n" : "0\n"; }
function notifyW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 0) return -EINVAL;
  cg.notifyOnRelease = v != 0;
  return text.length;
}

let V1_CORE: CfType[] = [];

// ---------------------------------------------------------------- cpuset

function csOf(cg: Cgroup): Cgroup { return effectiveCss(cg, SS_CPUSET); }
function cpusR(cg: Cgroup, r: Task): string { return cpumaskList(csOf(cg).cpuset!.cpus, machine.cpus) + "\n"; }
function memsR(cg: Cgroup, r: Task): string { return cpumaskList(csOf(cg).cpuset!.mems, 64) + "\n"; }
function ecpusR(cg: Cgroup, r: Task): string { return cpumaskList(csOf(cg).cpuset!.effectiveCpus, machine.cpus) + "\n"; }
function emsR(cg: Cgroup, r: Task): string { return cpumaskList(csOf(cg).cpuset!.effectiveMems, 64) + "\n"; }
function cpusW(cg: Cgroup, w: Task, text: string): i32 { return cpusetWriteMask(cg, text, false); }
function memsW(cg: Cgroup, w: Task, text: string): i32 { return cpusetWriteMask(cg, text, true); }
function flagW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 0) return -EINVAL;
  return v == 0 ? text.length : -ENOSYS;
}
function minusOne(cg: Cgroup, r: Task): string { return "-1\n"; }

let V1_CPUSET: CfType[] = [];

function partitionR(cg: Cgroup, r: Task): string { return "member\n"; }

let V2_CPUSET: CfType[] = [];

// ---------------------------------------------------------------- cpu

function cpuOf(cg: Cgroup): Cgroup { return effectiveCss(cg, SS_CPU); }
function sharesR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.shares.toString() + "\n"; }
/** cpu_shares_write_u64(): clamped to [2, 262144] (scale_load of MIN/MAX_SHARES). */
function sharesW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 0) return -EINVAL;
  const c = cpuOf(cg).cpu!;
  c.shares = v < 2 ? 2 : v > 262144 ? 262144 : v;
  c.weight = (c.shares * 10000 + 262144 / 2) / 262144;
  if (c.weight < 1) c.weight = 1;
  return text.length;
}
function quotaR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.quotaUs.toString() + "\n"; }
/** tg_set_cfs_quota(): any negative is "no limit"; under 1ms is EINVAL. */
function quotaW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseDecimal(chompNewline(text));
  if (!okNum) return -EINVAL;
  const c = cpuOf(cg).cpu!;
  if (v < 0) { c.quotaUs = -1; return text.length; }
  if (v < 1000) return -EINVAL;
  c.quotaUs = v;
  return text.length;
}
function periodR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.periodUs.toString() + "\n"; }
/** tg_set_cfs_period(): 1ms .. 1s */
function periodW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 1000 || v > 1000000) return -EINVAL;
  cpuOf(cg).cpu!.periodUs = v;
  return text.length;
}
function burstR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.burstUs.toString() + "\n"; }
function idleR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.idle.toString() + "\n"; }
function idleW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseDecimal(chompNewline(text));
  if (!okNum) return -EINVAL;
  if (v != 0 && v != 1) return -EINVAL;
  cpuOf(cg).cpu!.idle = v;
  return text.length;
}
function rtPeriodR(cg: Cgroup, r: Task): string { return "1000000\n"; }
function rtRuntimeR(cg: Cgroup, r: Task): string { return cg.parent ? "0\n" : "950000\n"; }
function cpuStatV1(cg: Cgroup, r: Task): string {
  return "nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n";
}
function cpuStatLocalV1(cg: Cgroup, r: Task): string { return "throttled_time 0\n"; }

let V1_CPU: CfType[] = [];

function cpuMaxR(cg: Cgroup, r: Task): string {
  const c = cpuOf(cg).cpu!;
  return (c.quotaUs < 0 ? "max" : c.quotaUs.toString()) + " " + c.periodUs.toString() + "\n";
}
/** cpu_max_write(): "$MAX [$PERIOD]", MAX a number or "max". */
function cpuMaxW(cg: Cgroup, w: Task, text: string): i32 {
  const parts = strstrip(text).split(" ");
  if (parts.length < 1 || parts.length > 2 || parts[0].length == 0) return -EINVAL;
  const c = cpuOf(cg).cpu!;
  let period = c.periodUs;
  if (parts.length == 2) {
    period = parseDecimal(parts[1]);
    if (!okNum || period <= 0) return -EINVAL;
  }
  let quota: i64 = -1;
  if (parts[0] != "max") {
    quota = parseDecimal(parts[0]);
    if (!okNum || quota < 0) return -EINVAL;
  }
  if (period < 1000 || period > 1000000) return -EINVAL;
  if (quota >= 0 && quota < 1000) return -EINVAL;
  c.periodUs = period;
  c.quotaUs = quota;
  return text.length;
}
function weightR(cg: Cgroup, r: Task): string { return cpuOf(cg).cpu!.weight.toString() + "\n"; }
/** cpu_weight_write_u64(): 1..10000, else ERANGE. */
function weightW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseU64(text);
  if (v < 0) return -EINVAL;
  if (v < 1 || v > 10000) return -ERANGE;
  const c = cpuOf(cg).cpu!;
  c.weight = v;
  c.shares = (v * 1024 + 50) / 100;
  return text.length;
}
function weightNiceR(cg: Cgroup, r: Task): string { return "0\n"; }
function cpuStatV2(cg: Cgroup, r: Task): string {
  const base = "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n";
  // the cpu controller adds its bandwidth statistics where it is enabled
  if (cg.parent && (cg.cssMask() & (1 << SS_CPU))) return base + "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n";
  return base;
}
function cpuStatLocalV2(cg: Cgroup, r: Task): string {
  return cg.parent && (cg.cssMask() & (1 << SS_CPU)) ? "throttled_usec 0\n" : "";
}

let V2_CPU: CfType[] = [];

// ---------------------------------------------------------------- cpuacct

function usageAll(cg: Cgroup, r: Task): string {
  let s = "cpu user system\n";
  for (let i = 0; i < machine.cpus; i++) s += i.toString() + " 0 0\n";
  return s;
}
function userSystem(cg: Cgroup, r: Task): string { return "user 0\nsystem 0\n"; }

let V1_CPUACCT: CfType[] = [];

// ---------------------------------------------------------------- memory

function memOf(cg: Cgroup): Cgroup { return effectiveCss(cg, SS_MEMORY); }
function usageR(cg: Cgroup, r: Task): string { return memOf(cg).memory!.usage.toString() + "\n"; }
function watermarkR(cg: Cgroup, r: Task): string { return memOf(cg).memory!.watermark.toString() + "\n"; }
function limitR(cg: Cgroup, r: Task): string { return memOf(cg).memory!.max.toString() + "\n"; }
function failcntR(cg: Cgroup, r: Task): string { return memOf(cg).memory!.failcnt.toString() + "\n"; }
/** mem_cgroup_reset(): any write clears the watermark or the failure count. */
function watermarkW(cg: Cgroup, w: Task, text: string): i32 {
  const m = memOf(cg).memory!;
  m.watermark = m.usage;
  return text.length;
}
function failcntW(cg: Cgroup, w: Task, text: string): i32 {
  memOf(cg).memory!.failcnt = 0;
  return text.length;
}

/** page_counter_memparse(): bytes, page-aligned down, or -1 for EINVAL. "-1" (v1) / "max" (v2) is no limit. */
function parseLimit(text: string, max: string): i64 {
  const buf = strstrip(text);
  if (buf == max) return PAGE_COUNTER_MAX_BYTES;
  const v = memparse(buf);
  if (memparseEnd == 0 || memparseEnd != buf.length || v < 0) return -1;
  const pages = v / PAGE_SIZE;
  return pages >= PAGE_COUNTER_MAX_BYTES / PAGE_SIZE ? PAGE_COUNTER_MAX_BYTES : pages * PAGE_SIZE;
}

function limitW(cg: Cgroup, w: Task, text: string): i32 {
  // the top cgroup has no limit to set
  if (!cg.parent) return -EINVAL;
  const v = parseLimit(text, "-1");
  if (v < 0) return -EINVAL;
  const r = memcgSetMax(cg, v, true);
  return r < 0 ? r : text.length;
}
function oomControlR(cg: Cgroup, r: Task): string {
  return "oom_kill_disable 0\nunder_oom 0\noom_kill " + memOf(cg).memory!.eventsOomKill.toString() + "\n";
}
function memStatV1(cg: Cgroup, r: Task): string {
  const m = memOf(cg).memory!;
  const rss = m.usage.toString();
  const lim = (cg.parent ? m.max : PAGE_COUNTER_MAX_BYTES).toString();
  return "cache 0\nrss " + rss + "\nrss_huge 0\nshmem 0\nmapped_file 0\ndirty 0\nwriteback 0\n" +
    "workingset_refault_anon 0\nworkingset_refault_file 0\nswap 0\nswapcached 0\npgpgin 0\npgpgout 0\npgfault 0\n" +
    "pgmajfault 0\ninactive_anon 0\nactive_anon " + rss + "\ninactive_file 0\nactive_file 0\nunevictable 0\n" +
    "hierarchical_memory_limit " + lim + "\nhierarchical_memsw_limit " + PAGE_COUNTER_MAX_BYTES.toString() + "\n" +
    "total_cache 0\ntotal_rss " + rss + "\ntotal_rss_huge 0\ntotal_shmem 0\ntotal_mapped_file 0\ntotal_dirty 0\n" +
    "total_writeback 0\ntotal_workingset_refault_anon 0\ntotal_workingset_refault_file 0\ntotal_swap 0\n" +
    "total_swapcached 0\ntotal_pgpgin 0\ntotal_pgpgout 0\ntotal_pgfault 0\ntotal_pgmajfault 0\n" +
    "total_inactive_anon 0\ntotal_active_anon " + rss + "\ntotal_inactive_file 0\ntotal_active_file 0\n" +
    "total_unevictable 0\n";
}
function numaStatV1(cg: Cgroup, r: Task): string {
  const u = memOf(cg).memory!.usage / PAGE_SIZE;
  const s = u.toString();
  return "total=" + s + " N0=" + s + "\nfile=0 N0=0\nanon=" + s + " N0=" + s + "\nunevictable=0 N0=0\n" +
    "hierarchical_total=" + s + " N0=" + s + "\nhierarchical_file=0 N0=0\nhierarchical_anon=" + s + " N0=" + s +
    "\nhierarchical_unevictable=0 N0=0\n";
}
function swappinessR(cg: Cgroup, r: Task): string { return "60\n"; }

let V1_MEMORY: CfType[] = [];

function memMaxR(cg: Cgroup, r: Task): string { return numOrMax(memOf(cg).memory!.max, PAGE_COUNTER_MAX_BYTES); }
function memMaxW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseLimit(text, "max");
  if (v < 0) return -EINVAL;
  memcgSetMax(cg, v, false);
  return text.length;
}
function maxString(cg: Cgroup, r: Task): string { return "max\n"; }
function memEventsR(cg: Cgroup, r: Task): string {
  const m = memOf(cg).memory!;
  return "low 0\nhigh 0\nmax " + m.eventsMax.toString() + "\noom " + m.eventsOom.toString() + "\noom_kill " +
    m.eventsOomKill.toString() + "\noom_group_kill 0\n";
}
function memEventsLocalR(cg: Cgroup, r: Task): string {
  const m = memOf(cg).memory!;
  return "low 0\nhigh 0\nmax " + m.localMax.toString() + "\noom " + m.localOom.toString() + "\noom_kill " +
    m.localOomKill.toString() + "\noom_group_kill 0\n";
}
function memStatV2(cg: Cgroup, r: Task): string {
  const u = memOf(cg).memory!.usage.toString();
  return "anon " + u + "\nfile 0\nkernel 0\nkernel_stack 0\npagetables 0\nsec_pagetables 0\npercpu 0\nsock 0\n" +
    "vmalloc 0\nshmem 0\nfile_mapped 0\nfile_dirty 0\nfile_writeback 0\nswapcached 0\nanon_thp 0\nfile_thp 0\n" +
    "shmem_thp 0\ninactive_anon 0\nactive_anon " + u + "\ninactive_file 0\nactive_file 0\nunevictable 0\n" +
    "slab_reclaimable 0\nslab_unreclaimable 0\nslab 0\nworkingset_refault_anon 0\nworkingset_refault_file 0\n" +
    "workingset_activate_anon 0\nworkingset_activate_file 0\nworkingset_restore_anon 0\n" +
    "workingset_restore_file 0\nworkingset_nodereclaim 0\npgdemote_kswapd 0\npgdemote_direct 0\n" +
    "pgdemote_khugepaged 0\npgdemote_proactive 0\npgpromote_success 0\npgscan 0\npgsteal 0\npgscan_kswapd 0\n" +
    "pgscan_direct 0\npgscan_khugepaged 0\npgscan_proactive 0\npgsteal_kswapd 0\npgsteal_direct 0\n" +
    "pgsteal_khugepaged 0\npgsteal_proactive 0\npgfault 0\npgmajfault 0\npgrefill 0\npgactivate 0\n" +
    "pgdeactivate 0\npglazyfree 0\npglazyfreed 0\nswpin_zero 0\nswpout_zero 0\nthp_fault_alloc 0\n" +
    "thp_collapse_alloc 0\nthp_swpout 0\nthp_swpout_fallback 0\n";
}
function oomGroupR(cg: Cgroup, r: Task): string { return memOf(cg).memory!.oomGroup ? "1\n" : "0\n"; }
function swapEvents(cg: Cgroup, r: Task): string { return "high 0\nmax 0\nfail 0\n"; }
function numaStatV2(cg: Cgroup, r: Task): string {
  const u = memOf(cg).memory!.usage.toString();
  return "anon N0=" + u + "\nfile N0=0\n";
}

let V2_MEMORY: CfType[] = [];

// ---------------------------------------------------------------- pids

function pidsOf(cg: Cgroup): Cgroup { return effectiveCss(cg, SS_PIDS); }
function pidsCurrentR(cg: Cgroup, r: Task): string { return pidsOf(cg).pids!.counter.toString() + "\n"; }
function pidsPeakR(cg: Cgroup, r: Task): string { return pidsOf(cg).pids!.watermark.toString() + "\n"; }
function pidsMaxR(cg: Cgroup, r: Task): string { return numOrMax(pidsOf(cg).pids!.limit, PIDS_MAX); }
/** pids_max_write(): "max" or 0 .. PID_MAX_LIMIT, after strstrip(). */
function pidsMaxW(cg: Cgroup, w: Task, text: string): i32 {
  const buf = strstrip(text);
  let limit = PIDS_MAX;
  if (buf != "max") {
    limit = parseDecimal(buf);
    if (!okNum) return -EINVAL;
    if (limit < 0 || limit >= PIDS_MAX) return -EINVAL;
  }
  pidsOf(cg).pids!.limit = limit;
  return text.length;
}
/** v1 (and pids_localevents): failed forks of tasks in this cgroup; v2: the limit hit here or below. */
function pidsEventsR(cg: Cgroup, r: Task): string {
  const p = pidsOf(cg).pids!;
  return "max " + (cg.root.isDfl() ? p.eventsMax : p.forkFail).toString() + "\n";
}
function pidsEventsLocalR(cg: Cgroup, r: Task): string {
  return "max " + pidsOf(cg).pids!.eventsLocalMax.toString() + "\n";
}

let V1_PIDS: CfType[] = [];

let V2_PIDS: CfType[] = [];

// ---------------------------------------------------------------- devices, freezer, blkio, io, hugetlb

function devicesListR(cg: Cgroup, r: Task): string { return "a *:* rwm\n"; }
let V1_DEVICES: CfType[] = [];

function thawedR(cg: Cgroup, r: Task): string { return "THAWED\n"; }
function freezerStateW(cg: Cgroup, w: Task, text: string): i32 {
  const v = strstrip(text);
  if (v == "THAWED") return text.length;
  if (v == "FROZEN") return -ENOSYS;
  return -EINVAL;
}
let V1_FREEZER: CfType[] = [];

function bfqWeightR(cg: Cgroup, r: Task): string { return "100\n"; }
function bfqWeightDeviceR(cg: Cgroup, r: Task): string { return "default 100\n"; }
let V1_BLKIO: CfType[] = [];

function bfqWeightV2R(cg: Cgroup, r: Task): string { return "default 100\n"; }
let V2_IO: CfType[] = [];

function hugetlbEvents(cg: Cgroup, r: Task): string { return "max 0\n"; }
function hugetlbNuma(cg: Cgroup, r: Task): string { return "total=0 N0=0\n"; }
let V2_HUGETLB: CfType[] = [];

// ---------------------------------------------------------------- v2 core

function controllersR(cg: Cgroup, r: Task): string { return printSsMask(cg.control()); }
function subtreeControlR(cg: Cgroup, r: Task): string { return printSsMask(cg.subtreeControl); }
function subtreeControlW(cg: Cgroup, w: Task, text: string): i32 { return subtreeControlWrite(cg, w, text); }
function eventsR(cg: Cgroup, r: Task): string { return "populated " + (isPopulated(cg) ? "1" : "0") + "\nfrozen 0\n"; }
function maxDepthR(cg: Cgroup, r: Task): string { return numOrMax(cg.maxDepth, i32.MAX_VALUE); }
function maxDescR(cg: Cgroup, r: Task): string { return numOrMax(cg.maxDescendants, i32.MAX_VALUE); }

/** cgroup_max_descendants_write(), cgroup_max_depth_write(): "max" or a non-negative int. */
function parseMax(text: string): i64 {
  const buf = strstrip(text);
  if (buf == "max") return i32.MAX_VALUE;
  const v = parseDecimal(buf);
  if (!okNum || v > i32.MAX_VALUE || v < i32.MIN_VALUE) return -EINVAL - 1000;
  if (v < 0) return -ERANGE - 1000;
  return v;
}
function maxDepthW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseMax(text);
  if (v < 0) return <i32>(v + 1000);
  cg.maxDepth = <i32>v;
  return text.length;
}
function maxDescW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseMax(text);
  if (v < 0) return <i32>(v + 1000);
  cg.maxDescendants = <i32>v;
  return text.length;
}
function typeR(cg: Cgroup, r: Task): string { return "domain\n"; }
/** cgroup_type_write(): only "threaded" may be written; threaded cgroups are not modelled. */
function typeW(cg: Cgroup, w: Task, text: string): i32 {
  if (strstrip(text) != "threaded") return -EINVAL;
  if (isPopulated(cg)) return -EOPNOTSUPP;
  return -ENOSYS;
}
function freezeW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseDecimal(strstrip(text));
  if (!okNum) return -EINVAL;
  if (v < 0 || v > 1) return -ERANGE;
  return v == 0 ? text.length : -ENOSYS;
}
function killW(cg: Cgroup, w: Task, text: string): i32 {
  const v = parseDecimal(strstrip(text));
  if (!okNum) return -EINVAL;
  if (v != 1) return -ERANGE;
  cgroupKill(cg);
  return text.length;
}
function threadsR(cg: Cgroup, r: Task): string { return procsRead(cg, r, false); }
function threadsW(cg: Cgroup, w: Task, text: string): i32 { return procsWrite(cg, w, text, false); }

/** cgroup_stat_show(): live cgroups below, and each cgroup2 subsystem's csses here and below. */
function statR(cg: Cgroup, r: Task): string {
  let s = "nr_descendants " + cg.nrDescendants.toString() + "\n";
  let dying = "";
  const dfl = cg.root.subsysMask;
  for (let ss = 0; ss < SS_COUNT; ss++) {
    if (!(dfl & (1 << ss)) || (DFL_INHIBIT_MASK & (1 << ss))) continue;
    s += "nr_subsys_" + SS_NAMES[ss] + " " + cssCount(cg, ss).toString() + "\n";
    dying += "nr_dying_subsys_" + SS_NAMES[ss] + " 0\n";
  }
  return s + "nr_dying_descendants 0\n" + dying;
}

function cssCount(cg: Cgroup, ss: i32): i32 {
  const implicit = (DFL_IMPLICIT_MASK & (1 << ss)) != 0;
  if (!implicit && !(cg.cssMask() & (1 << ss))) return 0;
  let n = 1;
  const kids = cg.children.values();
  for (let i = 0; i < kids.length; i++) n += cssCount(unchecked(kids[i]), ss);
  return n;
}
function statLocalR(cg: Cgroup, r: Task): string { return "frozen_usec 0\n"; }

let V2_CORE: CfType[] = [];

// ---------------------------------------------------------------- tables

let tablesMade = false;

/**
 * The tables are made on first use, not at module start: their entries
 * name functions that reach the rest of the kernel, whose globals must be
 * initialised first.
 */
function makeTables(): void {
  if (tablesMade) return;
  tablesMade = true;
  V1_CORE = [
    new CfType("cgroup.clone_children", 0, cloneChildrenR, cloneChildrenW),
    new CfType("cgroup.procs", 0, procsR, procsW),
    new CfType("cgroup.sane_behavior", CFT_ONLY_ON_ROOT, zero, noWrite),
    new CfType("notify_on_release", 0, notifyR, notifyW),
    new CfType("release_agent", CFT_ONLY_ON_ROOT, newline, notModelled),
    new CfType("tasks", 0, tasksR, tasksW),
  ];
  V1_CPUSET = [
    new CfType("cpuset.cpu_exclusive", 0, zero, flagW),
    new CfType("cpuset.cpus", 0, cpusR, cpusW),
    new CfType("cpuset.effective_cpus", 0, ecpusR, noWrite),
    new CfType("cpuset.effective_mems", 0, emsR, noWrite),
    new CfType("cpuset.mem_exclusive", 0, zero, flagW),
    new CfType("cpuset.mem_hardwall", 0, zero, flagW),
    new CfType("cpuset.memory_migrate", 0, zero, flagW),
    new CfType("cpuset.memory_pressure", 0, zero, noWrite),
    new CfType("cpuset.memory_pressure_enabled", CFT_ONLY_ON_ROOT, zero, flagW),
    new CfType("cpuset.memory_spread_page", 0, zero, flagW),
    new CfType("cpuset.memory_spread_slab", 0, zero, flagW),
    new CfType("cpuset.mems", 0, memsR, memsW),
    new CfType("cpuset.sched_load_balance", 0, one, notModelled),
    new CfType("cpuset.sched_relax_domain_level", 0, minusOne, notModelled),
  ];
  V2_CPUSET = [
    new CfType("cpuset.cpus", CFT_NOT_ON_ROOT, cpusR, cpusW),
    new CfType("cpuset.cpus.effective", 0, ecpusR, noWrite),
    new CfType("cpuset.cpus.exclusive", CFT_NOT_ON_ROOT, newline, notModelled),
    new CfType("cpuset.cpus.exclusive.effective", CFT_NOT_ON_ROOT, newline, noWrite),
    new CfType("cpuset.cpus.isolated", CFT_ONLY_ON_ROOT, newline, noWrite),
    new CfType("cpuset.cpus.partition", CFT_NOT_ON_ROOT, partitionR, notModelled),
    new CfType("cpuset.mems", CFT_NOT_ON_ROOT, memsR, memsW),
    new CfType("cpuset.mems.effective", 0, emsR, noWrite),
  ];
  V1_CPU = [
    new CfType("cpu.cfs_burst_us", 0, burstR, notModelled),
    new CfType("cpu.cfs_period_us", 0, periodR, periodW),
    new CfType("cpu.cfs_quota_us", 0, quotaR, quotaW),
    new CfType("cpu.idle", 0, idleR, idleW),
    new CfType("cpu.rt_period_us", 0, rtPeriodR, notModelled),
    new CfType("cpu.rt_runtime_us", 0, rtRuntimeR, notModelled),
    new CfType("cpu.shares", 0, sharesR, sharesW),
    new CfType("cpu.stat", 0, cpuStatV1, noWrite),
    new CfType("cpu.stat.local", 0, cpuStatLocalV1, noWrite),
  ];
  V2_CPU = [
    new CfType("cpu.idle", CFT_NOT_ON_ROOT, idleR, idleW),
    new CfType("cpu.max", CFT_NOT_ON_ROOT, cpuMaxR, cpuMaxW),
    new CfType("cpu.max.burst", CFT_NOT_ON_ROOT, burstR, notModelled),
    new CfType("cpu.weight", CFT_NOT_ON_ROOT, weightR, weightW),
    new CfType("cpu.weight.nice", CFT_NOT_ON_ROOT, weightNiceR, notModelled),
  ];
  V1_CPUACCT = [
    new CfType("cpuacct.stat", 0, userSystem, noWrite),
    new CfType("cpuacct.usage", 0, zero, notModelled),
    new CfType("cpuacct.usage_all", 0, usageAll, noWrite),
    new CfType("cpuacct.usage_percpu", 0, perCpu, noWrite),
    new CfType("cpuacct.usage_percpu_sys", 0, perCpu, noWrite),
    new CfType("cpuacct.usage_percpu_user", 0, perCpu, noWrite),
    new CfType("cpuacct.usage_sys", 0, zero, noWrite),
    new CfType("cpuacct.usage_user", 0, zero, noWrite),
  ];
  V1_MEMORY = [
    new CfType("cgroup.event_control", 0, noRead, notModelled),
    new CfType("memory.failcnt", 0, failcntR, failcntW),
    new CfType("memory.force_empty", 0, noRead, notModelled),
    new CfType("memory.kmem.failcnt", 0, zero, failcntW),
    new CfType("memory.kmem.limit_in_bytes", 0, bytesMax, noWrite),
    new CfType("memory.kmem.max_usage_in_bytes", 0, zero, watermarkW),
    new CfType("memory.kmem.slabinfo", 0, empty, noWrite),
    new CfType("memory.kmem.tcp.failcnt", 0, zero, failcntW),
    new CfType("memory.kmem.tcp.limit_in_bytes", 0, bytesMax, notModelled),
    new CfType("memory.kmem.tcp.max_usage_in_bytes", 0, zero, watermarkW),
    new CfType("memory.kmem.tcp.usage_in_bytes", 0, zero, noWrite),
    new CfType("memory.kmem.usage_in_bytes", 0, zero, noWrite),
    new CfType("memory.limit_in_bytes", 0, limitR, limitW),
    new CfType("memory.max_usage_in_bytes", 0, watermarkR, watermarkW),
    new CfType("memory.memsw.failcnt", 0, zero, failcntW),
    new CfType("memory.memsw.limit_in_bytes", 0, bytesMax, notModelled),
    new CfType("memory.memsw.max_usage_in_bytes", 0, zero, watermarkW),
    new CfType("memory.memsw.usage_in_bytes", 0, usageR, noWrite),
    new CfType("memory.move_charge_at_immigrate", 0, zero, notModelled),
    new CfType("memory.numa_stat", 0, numaStatV1, noWrite),
    new CfType("memory.oom_control", 0, oomControlR, notModelled),
    new CfType("memory.pressure_level", 0, noRead, notModelled),
    new CfType("memory.shown_ram_in_bytes", CFT_NOT_ON_ROOT, zero, notModelled),
    new CfType("memory.soft_limit_in_bytes", 0, bytesMax, notModelled),
    new CfType("memory.stat", 0, memStatV1, noWrite),
    new CfType("memory.swappiness", 0, swappinessR, notModelled),
    new CfType("memory.usage_in_bytes", 0, usageR, noWrite),
    new CfType("memory.use_hierarchy", 0, one, notModelled),
  ];
  V2_MEMORY = [
    new CfType("memory.current", CFT_NOT_ON_ROOT, usageR, noWrite),
    new CfType("memory.events", CFT_NOT_ON_ROOT, memEventsR, noWrite),
    new CfType("memory.events.local", CFT_NOT_ON_ROOT, memEventsLocalR, noWrite),
    new CfType("memory.high", CFT_NOT_ON_ROOT, maxString, notModelled),
    new CfType("memory.low", CFT_NOT_ON_ROOT, zero, notModelled),
    new CfType("memory.max", CFT_NOT_ON_ROOT, memMaxR, memMaxW),
    new CfType("memory.min", CFT_NOT_ON_ROOT, zero, notModelled),
    new CfType("memory.numa_stat", 0, numaStatV2, noWrite),
    new CfType("memory.oom.group", CFT_NOT_ON_ROOT, oomGroupR, notModelled),
    new CfType("memory.peak", CFT_NOT_ON_ROOT, watermarkR, watermarkW),
    new CfType("memory.reclaim", 0, noRead, notModelled),
    new CfType("memory.stat", 0, memStatV2, noWrite),
    new CfType("memory.swap.current", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("memory.swap.events", CFT_NOT_ON_ROOT, swapEvents, noWrite),
    new CfType("memory.swap.high", CFT_NOT_ON_ROOT, maxString, notModelled),
    new CfType("memory.swap.max", CFT_NOT_ON_ROOT, maxString, notModelled),
    new CfType("memory.swap.peak", CFT_NOT_ON_ROOT, zero, notModelled),
  ];
  V1_PIDS = [
    new CfType("pids.current", CFT_NOT_ON_ROOT, pidsCurrentR, noWrite),
    new CfType("pids.events", CFT_NOT_ON_ROOT, pidsEventsR, noWrite),
    new CfType("pids.max", CFT_NOT_ON_ROOT, pidsMaxR, pidsMaxW),
    new CfType("pids.peak", CFT_NOT_ON_ROOT, pidsPeakR, noWrite),
  ];
  V2_PIDS = [
    new CfType("pids.current", CFT_NOT_ON_ROOT, pidsCurrentR, noWrite),
    new CfType("pids.events", CFT_NOT_ON_ROOT, pidsEventsR, noWrite),
    new CfType("pids.events.local", CFT_NOT_ON_ROOT, pidsEventsLocalR, noWrite),
    new CfType("pids.max", CFT_NOT_ON_ROOT, pidsMaxR, pidsMaxW),
    new CfType("pids.peak", CFT_NOT_ON_ROOT, pidsPeakR, noWrite),
  ];
  V1_DEVICES = [
    new CfType("devices.allow", 0, noRead, notModelled),
    new CfType("devices.deny", 0, noRead, notModelled),
    new CfType("devices.list", 0, devicesListR, noWrite),
  ];
  V1_FREEZER = [
    new CfType("freezer.parent_freezing", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("freezer.self_freezing", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("freezer.state", CFT_NOT_ON_ROOT, thawedR, freezerStateW),
  ];
  V1_BLKIO = [
    new CfType("blkio.bfq.io_service_bytes", 0, total0, noWrite),
    new CfType("blkio.bfq.io_service_bytes_recursive", 0, total0, noWrite),
    new CfType("blkio.bfq.io_serviced", 0, total0, noWrite),
    new CfType("blkio.bfq.io_serviced_recursive", 0, total0, noWrite),
    new CfType("blkio.bfq.weight", CFT_NOT_ON_ROOT, bfqWeightR, notModelled),
    new CfType("blkio.bfq.weight_device", CFT_NOT_ON_ROOT, bfqWeightDeviceR, notModelled),
    new CfType("blkio.reset_stats", 0, noRead, notModelled),
    new CfType("blkio.throttle.io_service_bytes", 0, total0, noWrite),
    new CfType("blkio.throttle.io_service_bytes_recursive", 0, total0, noWrite),
    new CfType("blkio.throttle.io_serviced", 0, total0, noWrite),
    new CfType("blkio.throttle.io_serviced_recursive", 0, total0, noWrite),
    new CfType("blkio.throttle.read_bps_device", 0, empty, notModelled),
    new CfType("blkio.throttle.read_iops_device", 0, empty, notModelled),
    new CfType("blkio.throttle.write_bps_device", 0, empty, notModelled),
    new CfType("blkio.throttle.write_iops_device", 0, empty, notModelled),
  ];
  V2_IO = [
    new CfType("io.bfq.weight", CFT_NOT_ON_ROOT, bfqWeightV2R, notModelled),
    new CfType("io.max", CFT_NOT_ON_ROOT, empty, notModelled),
    new CfType("io.stat", 0, empty, noWrite),
  ];
  V2_HUGETLB = [
    new CfType("hugetlb.1GB.current", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("hugetlb.1GB.events", CFT_NOT_ON_ROOT, hugetlbEvents, noWrite),
    new CfType("hugetlb.1GB.events.local", CFT_NOT_ON_ROOT, hugetlbEvents, noWrite),
    new CfType("hugetlb.1GB.max", CFT_NOT_ON_ROOT, bytesMax, notModelled),
    new CfType("hugetlb.1GB.numa_stat", CFT_NOT_ON_ROOT, hugetlbNuma, noWrite),
    new CfType("hugetlb.1GB.rsvd.current", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("hugetlb.1GB.rsvd.max", CFT_NOT_ON_ROOT, bytesMax, notModelled),
    new CfType("hugetlb.2MB.current", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("hugetlb.2MB.events", CFT_NOT_ON_ROOT, hugetlbEvents, noWrite),
    new CfType("hugetlb.2MB.events.local", CFT_NOT_ON_ROOT, hugetlbEvents, noWrite),
    new CfType("hugetlb.2MB.max", CFT_NOT_ON_ROOT, bytesMax, notModelled),
    new CfType("hugetlb.2MB.numa_stat", CFT_NOT_ON_ROOT, hugetlbNuma, noWrite),
    new CfType("hugetlb.2MB.rsvd.current", CFT_NOT_ON_ROOT, zero, noWrite),
    new CfType("hugetlb.2MB.rsvd.max", CFT_NOT_ON_ROOT, bytesMax, notModelled),
  ];
  V2_CORE = [
    new CfType("cgroup.controllers", 0, controllersR, noWrite),
    new CfType("cgroup.events", CFT_NOT_ON_ROOT, eventsR, noWrite),
    new CfType("cgroup.freeze", CFT_NOT_ON_ROOT, zero, freezeW),
    new CfType("cgroup.kill", CFT_NOT_ON_ROOT, noRead, killW),
    new CfType("cgroup.max.depth", 0, maxDepthR, maxDepthW),
    new CfType("cgroup.max.descendants", 0, maxDescR, maxDescW),
    new CfType("cgroup.pressure", 0, one, notModelled),
    new CfType("cgroup.procs", 0, procsR, procsW),
    new CfType("cgroup.stat", 0, statR, noWrite),
    new CfType("cgroup.stat.local", CFT_NOT_ON_ROOT, statLocalR, noWrite),
    new CfType("cgroup.subtree_control", 0, subtreeControlR, subtreeControlW),
    new CfType("cgroup.threads", 0, threadsR, threadsW),
    new CfType("cgroup.type", CFT_NOT_ON_ROOT, typeR, typeW),
    new CfType("cpu.pressure", 0, pressure, notModelled),
    new CfType("cpu.stat", 0, cpuStatV2, noWrite),
    new CfType("cpu.stat.local", 0, cpuStatLocalV2, noWrite),
    new CfType("io.pressure", 0, pressure, notModelled),
    new CfType("memory.pressure", 0, pressure, notModelled),
  ];
}

const EMPTY: CfType[] = [];

function v1Table(ss: i32): CfType[] {
  if (ss == SS_CPUSET) return V1_CPUSET;
  if (ss == SS_CPU) return V1_CPU;
  if (ss == SS_CPUACCT) return V1_CPUACCT;
  if (ss == SS_IO) return V1_BLKIO;
  if (ss == SS_MEMORY) return V1_MEMORY;
  if (ss == SS_DEVICES) return V1_DEVICES;
  if (ss == SS_FREEZER) return V1_FREEZER;
  if (ss == SS_PIDS) return V1_PIDS;
  return EMPTY;
}

function v2Table(ss: i32): CfType[] {
  if (ss == SS_CPUSET) return V2_CPUSET;
  if (ss == SS_CPU) return V2_CPU;
  if (ss == SS_IO) return V2_IO;
  if (ss == SS_MEMORY) return V2_MEMORY;
  if (ss == SS_HUGETLB) return V2_HUGETLB;
  if (ss == SS_PIDS) return V2_PIDS;
  return EMPTY;
}

function fits(cft: CfType, cg: Cgroup): bool {
  const top = cg.parent == null;
  if ((cft.flags & CFT_NOT_ON_ROOT) && top) return false;
  if ((cft.flags & CFT_ONLY_ON_ROOT) && !top) return false;
  return true;
}

/** The files of cgroup `cg`'s directory, in no particular order. */
export function cgroupFiles(cg: Cgroup): CfType[] {
  makeTables();
  const out: CfType[] = [];
  const dfl = cg.root.isDfl();
  const core = dfl ? V2_CORE : V1_CORE;
  for (let i = 0; i < core.length; i++) if (fits(unchecked(core[i]), cg)) out.push(unchecked(core[i]));
  const mask = cg.cssMask();
  for (let ss = 0; ss < SS_COUNT; ss++) {
    if (!(mask & (1 << ss))) continue;
    const t = dfl ? v2Table(ss) : v1Table(ss);
    for (let i = 0; i < t.length; i++) if (fits(unchecked(t[i]), cg)) out.push(unchecked(t[i]));
  }
  return out;
}

export function cgroupFile(cg: Cgroup, name: string): CfType | null {
  const all = cgroupFiles(cg);
  for (let i = 0; i < all.length; i++) if (unchecked(all[i]).name == name) return unchecked(all[i]);
  return null;
}

