// The bindings asc generates lift every string the kernel returns with
// String.fromCharCode(...chunk), which costs ~50 ns a character — most of
// the time of a /proc read. After each build this replaces that one
// function with a TextDecoder (UTF-16LE, as AssemblyScript stores strings),
// 30× faster; nothing else in the bindings changes.
import { readFileSync, writeFileSync } from 'node:fs';

const FAST = `function __liftString(pointer) {
    if (!pointer) return null;
    const bytes = new Uint32Array(memory.buffer)[pointer - 4 >>> 2];
    return utf16.decode(new Uint16Array(memory.buffer, pointer, bytes >>> 1));
  }
  const utf16 = new TextDecoder("utf-16le", { ignoreBOM: true });
  `;

for (const file of process.argv.slice(2)) {
  const src = readFileSync(file, 'utf8');
  const start = src.indexOf('function __liftString(pointer) {');
  const end = src.indexOf('function __lowerString(value) {');
  if (start < 0 || end < start) throw new Error(`${file}: __liftString not found where expected`);
  writeFileSync(file, src.slice(0, start) + FAST + src.slice(end));
}
