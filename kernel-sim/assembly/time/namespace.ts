// kernel/time/namespace.c: the offsets of a time namespace's
// CLOCK_MONOTONIC and CLOCK_BOOTTIME, set through /proc/T/timens_offsets
// — which is about T's time namespace *for children* — only until a task
// has entered it (time_namespaces(7)).
//
// Differences from Linux: the machine's clocks stand still at MACHINE_UPTIME
// seconds (ERANGE for an offset that would make a clock negative is judged
// against it).

import { Task } from "../kernel/task";
import { TimeNamespace } from "../ns/simple_namespaces";
import { UserNamespace, nsCapable } from "../ns/user_namespace";
import { EACCES, EINVAL, EPERM } from "../include/uapi";

const ERANGE: i32 = 34;
const NSEC_PER_SEC: i64 = 1000000000;
/** KTIME_SEC_MAX: KTIME_MAX / NSEC_PER_SEC */
const KTIME_SEC_MAX: i64 = 9223372036;
/** What the model's CLOCK_MONOTONIC and CLOCK_BOOTTIME read, in seconds. */
export const MACHINE_UPTIME: i64 = 86400;

const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_BOOTTIME: i32 = 7;

function pad(s: string, w: i32, left: bool): string {
  let out = s;
  while (out.length < w) out = left ? out + " " : " " + out;
  return out;
}

/** proc_timens_show_offsets(): "%-10s %10lld %9ld\n" for monotonic, then boottime. */
export function timensOffsetsShow(t: Task): string {
  const ns = t.nsproxy!.timeForChildren;
  return pad("monotonic", 10, true) + " " + pad(ns.monotonicSec.toString(), 10, false) + " " + pad(ns.monotonicNsec.toString(), 9, false) + "\n"
    + pad("boottime", 10, true) + " " + pad(ns.boottimeSec.toString(), 10, false) + " " + pad(ns.boottimeNsec.toString(), 9, false) + "\n";
}

/** sscanf's %lld / %lu: optional blanks, sign, digits; the rest of the word ignored. */
class Scan {
  pos: i32 = 0;
  ok: bool = true;
  constructor(public s: string) {}
  private blanks(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c != 32 && !(c >= 9 && c <= 13)) break;
      this.pos++;
    }
  }
  word(max: i32): string {
    this.blanks();
    const start = this.pos;
    while (this.pos < this.s.length && this.pos - start < max) {
      const c = this.s.charCodeAt(this.pos);
      if (c == 32 || (c >= 9 && c <= 13)) break;
      this.pos++;
    }
    if (this.pos == start) this.ok = false;
    return this.s.substring(start, this.pos);
  }
  int(unsigned: bool): i64 {
    this.blanks();
    let neg = false;
    if (this.pos < this.s.length && (this.s.charAt(this.pos) == "-" || this.s.charAt(this.pos) == "+")) {
      neg = this.s.charAt(this.pos) == "-";
      this.pos++;
    }
    const start = this.pos;
    let v: i64 = 0;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      if (v < 922337203685477580) v = v * 10 + (c - 48);
      this.pos++;
    }
    if (this.pos == start) this.ok = false;
    // %lu of a negative number wraps to a huge value
    if (neg && unsigned) return v == 0 ? 0 : <i64>0x7fffffffffffffff;
    return neg ? -v : v;
  }
}

class Offset {
  constructor(public clock: i32, public sec: i64, public nsec: i64) {}
}

/**
 * timens_offsets_write() and proc_timens_set_offset(): lines "CLOCK SECS
 * NANOSECS" (CLOCK monotonic, boottime, 1 or 7), at most two taken — the
 * bytes of the first two lines are the value. EINVAL for a malformed line
 * or nanoseconds >= 1e9; EPERM without CAP_SYS_TIME over the namespace's
 * owner; ERANGE for an offset that would make the clock negative or too
 * large; EACCES once a task has entered the namespace.
 */
export function timensOffsetsWrite(target: Task, writer: Task, text: string): i32 {
  const count = String.UTF8.byteLength(text, false);
  if (count >= 4096) return -EINVAL;
  const offsets: Offset[] = [];
  let taken = count;
  let pos = 0;
  while (pos >= 0) {
    const nl = text.indexOf("\n", pos);
    const line = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
    let next = nl < 0 ? -1 : nl + 1;
    if (next >= text.length) next = -1;
    const sc = new Scan(line);
    const clock = sc.word(9);
    const sec = sc.int(false);
    const nsec = sc.int(true);
    if (!sc.ok || nsec >= NSEC_PER_SEC || nsec < 0) return -EINVAL;
    let id = 0;
    if (clock == "monotonic" || clock == "1") id = CLOCK_MONOTONIC;
    else if (clock == "boottime" || clock == "7") id = CLOCK_BOOTTIME;
    else return -EINVAL;
    offsets.push(new Offset(id, sec, nsec));
    if (offsets.length == 2) {
      if (next >= 0) taken = String.UTF8.byteLength(text.substring(0, next), false);
      break;
    }
    pos = next;
  }
  const ns: TimeNamespace = target.nsproxy!.timeForChildren;
  if (!nsCapable(writer.cred, changetype<UserNamespace>(ns.owner))) return -EPERM;
  for (let i = 0; i < offsets.length; i++) {
    const o = unchecked(offsets[i]);
    if (o.sec > KTIME_SEC_MAX || o.sec < -KTIME_SEC_MAX) return -ERANGE;
    // the clock now plus the offset (now has no nanoseconds, so no carry)
    const s = MACHINE_UPTIME + o.sec;
    if (s < 0 || s > KTIME_SEC_MAX / 2) return -ERANGE;
  }
  if (ns.frozen) return -EACCES;
  for (let i = 0; i < offsets.length; i++) {
    const o = unchecked(offsets[i]);
    if (o.clock == CLOCK_MONOTONIC) { ns.monotonicSec = o.sec; ns.monotonicNsec = <i32>o.nsec; }
    else { ns.boottimeSec = o.sec; ns.boottimeNsec = <i32>o.nsec; }
  }
  return taken;
}
