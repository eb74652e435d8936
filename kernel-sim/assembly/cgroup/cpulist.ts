// lib/bitmap-str.c (bitmap_parselist()), lib/string.c (strstrip()),
// lib/cmdline.c (memparse()): the text formats cgroup files take.
//
// Differences from Linux: masks hold at most 64 bits (64 CPUs); node lists
// are checked against MAX_NUMNODES (1024) but only node 0 exists.

import { EINVAL } from "../include/uapi";
import { ERANGE } from "./cgroup_defs";

/** The mask the last parseList() gave. */
export let parsedMask: u64 = 0;
/** Whether the last list named a bit past the 64 a mask holds. */
export let parsedBeyond64: bool = false;

function isSpace(c: i32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

/** strstrip(): leading and trailing whitespace removed. */
export function strstrip(s: string): string {
  let a = 0, b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.substring(a, b);
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

let pos: i32 = 0;

/** bitmap_getnum(): -1 when no digit is there, -2 on overflow. */
function getNum(s: string): i64 {
  if (pos >= s.length || !isDigit(s.charCodeAt(pos))) return -1;
  let n: i64 = 0;
  while (pos < s.length && isDigit(s.charCodeAt(pos))) {
    n = n * 10 + <i64>(s.charCodeAt(pos) - 48);
    if (n > <i64>u32.MAX_VALUE) return -2;
    pos++;
  }
  return n;
}

/**
 * bitmap_parselist() over `nbits` bits: "0-3,8,10-14:2/4"; 0 with the mask
 * in parsedMask, or -EINVAL (syntax, start > end) / -ERANGE (a bit past
 * nbits), region by region as the kernel checks them.
 */
export function parseList(s: string, nbits: i32): i32 {
  parsedMask = 0;
  parsedBeyond64 = false;
  pos = 0;
  const n = s.length;
  while (pos < n) {
    // bitmap_find_region(): skip separators
    while (pos < n && s.charCodeAt(pos) == 44) pos++;
    if (pos >= n) break;
    const start = getNum(s);
    if (start == -1) return -EINVAL;
    if (start == -2) return -ERANGE;
    let end = start;
    let off: i64 = 1, group: i64 = 1;
    if (pos < n && s.charCodeAt(pos) == 45) {
      pos++;
      end = getNum(s);
      if (end == -1) return -EINVAL;
      if (end == -2) return -ERANGE;
      if (pos < n && s.charCodeAt(pos) == 58) {
        pos++;
        off = getNum(s);
        if (off < 0) return -EINVAL;
        if (pos >= n || s.charCodeAt(pos) != 47) return -EINVAL;
        pos++;
        group = getNum(s);
        if (group < 0) return -EINVAL;
      } else group = end - start + 1, off = group;
    }
    // the region must end at a separator
    if (pos < n && s.charCodeAt(pos) != 44) return -EINVAL;
    if (start > end || group == 0 || off > group) return -EINVAL;
    if (end >= <i64>nbits) return -ERANGE;
    for (let b = start; b <= end; b++) {
      if ((b - start) % group >= off) continue;
      if (b < 64) parsedMask |= (<u64>1) << <u64>b;
      else parsedBeyond64 = true;
    }
  }
  return 0;
}

/** memparse(): a number with an optional K/M/G/T/P/E suffix; -1 bytes when nothing parses, with memparseEnd where it stopped. */
export let memparseEnd: i32 = 0;

export function memparse(s: string): i64 {
  let i = 0;
  let neg = false;
  if (i < s.length && s.charCodeAt(i) == 45) { neg = true; i++; }
  if (i >= s.length || !isDigit(s.charCodeAt(i))) { memparseEnd = 0; return 0; }
  let v: u64 = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    v = v * 10 + <u64>(s.charCodeAt(i) - 48);
    i++;
  }
  let shift: u64 = 0;
  if (i < s.length) {
    const c = s.charCodeAt(i) | 32;
    if (c == 107) shift = 10; else if (c == 109) shift = 20; else if (c == 103) shift = 30;
    else if (c == 116) shift = 40; else if (c == 112) shift = 50; else if (c == 101) shift = 60;
    if (shift) i++;
  }
  memparseEnd = i;
  const r = <i64>(v << shift);
  return neg ? -r : r;
}

/** kstrtoll() on a stripped string: the value, with okNum false when it is not a whole decimal number. */
export let okNum: bool = false;

export function parseDecimal(s: string): i64 {
  okNum = false;
  let i = 0, neg = false;
  if (s.length > 0 && (s.charCodeAt(0) == 45 || s.charCodeAt(0) == 43)) { neg = s.charCodeAt(0) == 45; i = 1; }
  if (i >= s.length) return 0;
  let v: i64 = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return 0;
    v = v * 10 + <i64>(c - 48);
    if (v > 999999999999999999) return 0;
  }
  okNum = true;
  return neg ? -v : v;
}

/** The kernel's u64 writes accept a trailing newline only (kstrtoull after the core stripped nothing). */
export function chompNewline(s: string): string {
  return s.endsWith("\n") ? s.substring(0, s.length - 1) : s;
}
