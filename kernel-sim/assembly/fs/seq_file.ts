// fs/seq_file.c, the part procfs needs: a text written piece by piece into
// one buffer and handed out as one string. seq_puts/seq_put_decimal write
// into the buffer, so a /proc file costs one allocation (the result), not
// one per concatenation — a snapshot reads thousands of them.
//
// Invariant: a text is what was written between seqOpen() and the
// seqRelease() given its mark; a render inside another (a cpu list inside a
// status) takes the buffer's end and gives it back. The buffer is reused and
// grows, never shrinks.

let buf = new StaticArray<u16>(4096);
let len: i32 = 0;

function reserve(n: i32): void {
  if (len + n <= buf.length) return;
  let size = buf.length * 2;
  while (size < len + n) size *= 2;
  const bigger = new StaticArray<u16>(size);
  memory.copy(changetype<usize>(bigger), changetype<usize>(buf), <usize>len << 1);
  buf = bigger;
}

/** Starts a text; returns the mark its seqRelease() takes. */
export function seqOpen(): i32 {
  return len;
}

/** The text written since seqOpen() returned `mark`, as one string; its part of the buffer is free again. */
export function seqRelease(mark: i32): string {
  const s = String.UTF16.decodeUnsafe(changetype<usize>(buf) + (<usize>mark << 1), <usize>(len - mark) << 1);
  len = mark;
  return s;
}

/** seq_puts() */
export function seqPuts(s: string): void {
  const n = s.length;
  reserve(n);
  memory.copy(changetype<usize>(buf) + (<usize>len << 1), changetype<usize>(s), <usize>n << 1);
  len += n;
}

/**
 * seq_escape_str(m, s, ESCAPE_SPACE | ESCAPE_SPECIAL, "\n\\"), as
 * proc_task_name() writes a name into status: a newline as "\n" and a
 * backslash as "\\", every other character as it is (a name set by
 * prctl(PR_SET_NAME) or /proc/T/comm may hold both, and must not start a line).
 */
export function seqPutEscaped(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x0a || c == 0x5c) {
      seqPutc(0x5c);
      seqPutc(c == 0x0a ? 0x6e : 0x5c);
    } else {
      seqPutc(c);
    }
  }
}

/** seq_putc() */
export function seqPutc(c: i32): void {
  reserve(1);
  unchecked((buf[len++] = <u16>c));
}

/** seq_put_decimal_ull(): the decimal digits of n (n >= 0) */
export function seqPutDec(n: u64): void {
  let digits = 1;
  for (let v = n; v >= 10; v /= 10) digits++;
  reserve(digits);
  let at = len + digits;
  let v = n;
  do {
    unchecked((buf[--at] = <u16>(48 + <i32>(v % 10))));
    v /= 10;
  } while (v != 0);
  len += digits;
}

/** seq_put_hex_ll() without a prefix: n in lowercase hex, at least `width` digits */
export function seqPutHex(n: u64, width: i32): void {
  let digits = 1;
  for (let v = n; v >= 16; v >>= 4) digits++;
  if (digits < width) digits = width;
  reserve(digits);
  let at = len + digits;
  let v = n;
  for (let i = 0; i < digits; i++) {
    const d = <i32>(v & 15);
    unchecked((buf[--at] = <u16>(d < 10 ? 48 + d : 87 + d)));
    v >>= 4;
  }
  len += digits;
}
