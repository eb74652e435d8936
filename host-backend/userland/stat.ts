// stat(1), GNU coreutils 9.1, with a format: `stat [-L] -c FORMAT FILE...`
// (also --format=FORMAT, and --printf=FORMAT which adds no newline and reads
// backslash escapes). The default format shows the inode, the device and
// the times, which lstat(2)'s text lacks, so a format is required.
//
// Sequences: %n name, %N quoted name (-> 'target' for a link), %a access
// rights in octal, %A as ls shows them, %F file type, %f raw mode in hex,
// %s size, %h links, %u/%U owner id/name, %g/%G group id/name, %b blocks,
// %B 512, %m mount point, %% a "%"; an unknown one prints "?". A width and
// the flags "-" and "0" as printf's ("%-10n", "%05a").
// NOTE: %b and %m come from fsinfo.ts (tmpfs's block rule; the mount as
// /proc/self/mountinfo shows it).
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { FsTypes, blocks, idNames, lstat, modeString, mountOf, realpath, stat as statFollow, type Stat } from './fsinfo.ts';
import { readMountinfo } from './mountinfo.ts';
import { strerror } from './strerror.ts';

interface StatOptions {
  format: string;
  /** --printf: no newline added, backslash escapes */
  printf: boolean;
  dereference: boolean;
  files: string[];
}

const tryHelp = "\nTry 'stat --help' for more information.";

export function parseStat(argv: readonly string[]): StatOptions | string {
  const o: StatOptions = { format: '', printf: false, dereference: false, files: [] };
  let format: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c' || a === '--format' || a === '--printf') {
      if (i + 1 >= argv.length) return a === '-c' ? `stat: option requires an argument -- 'c'${tryHelp}` : `stat: option '${a}' requires an argument${tryHelp}`;
      format = argv[++i];
      o.printf = a === '--printf';
    } else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a.startsWith('--printf=')) { format = a.slice(9); o.printf = true; }
    else if (a.startsWith('-c') && a.length > 2) format = a.slice(2);
    else if (a === '-L' || a === '--dereference') o.dereference = true;
    else if (a.startsWith('-') && a !== '-') return `stat: unsupported option ${a} (supported: -L, -c FORMAT, --printf=FORMAT)`;
    else o.files.push(a);
  }
  if (format === null) return 'stat: the default format shows inode, device and times, which nslab\'s files do not carry: give one with -c FORMAT (%n %N %a %A %F %s %h %u %U %g %G %b %m ...)';
  if (o.files.length === 0) return `stat: missing operand${tryHelp}`;
  o.format = format;
  return o;
}

/** quotearg's shell-escape-always style as %N uses it: 'name', "it's", or 'a'\''b"c'. */
export function shellAlways(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!/[$`\\"]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

const FILE_TYPE: Record<string, string> = {
  directory: 'directory', symlink: 'symbolic link', chardev: 'character special file', other: 'weird file',
};

const TYPE_BITS: Record<string, number> = { file: 0o100000, directory: 0o040000, symlink: 0o120000, chardev: 0o020000, other: 0 };

function printfEscapes(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
  return s.replace(/\\(0[0-7]{0,3}|[0-7]{1,3}|.)/g, (m, e: string) => (e in map ? map[e] : /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : m));
}

export async function stat(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseStat(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  const users = await idNames(b, task, '/etc/passwd');
  const groups = await idNames(b, task, '/etc/group');
  const fs = new FsTypes(b, task);
  const format = o.printf ? printfEscapes(o.format) : o.format;
  let output = '';
  let ret = 0;
  for (const file of o.files) {
    const st = o.dereference ? await statFollow(b, task, file) : await lstat(b, task, file);
    if (typeof st === 'number') {
      output += `stat: cannot statx '${file}': ${strerror(st)}\n`;
      ret = st;
      continue;
    }
    const seq = async (c: string): Promise<string> => field(b, task, c, file, st, users, groups, fs, o.dereference);
    let line = '';
    for (let i = 0; i < format.length; i++) {
      if (format[i] !== '%') { line += format[i]; continue; }
      const m = /^%([-0#+ ']*)(\d*)(?:\.(\d+))?([a-zA-Z%]?)/.exec(format.slice(i))!;
      i += m[0].length - 1;
      const [, flags, width, , conv] = m;
      if (conv === '%') { line += '%'; continue; }
      if (conv === '') { line += m[0]; continue; }
      let v = await seq(conv);
      const w = Number(width || 0);
      if (v.length < w) v = flags.includes('-') ? v.padEnd(w) : flags.includes('0') && /^\d+$/.test(v) ? v.padStart(w, '0') : v.padStart(w);
      line += v;
    }
    output += line + (o.printf ? '' : '\n');
  }
  return { ret, output };
}

async function field(
  b: Backend, task: TaskRef, c: string, file: string, st: Stat,
  users: Map<number, string>, groups: Map<number, string>, fs: FsTypes, deref: boolean,
): Promise<string> {
  switch (c) {
    case 'n': return file;
    case 'N': {
      if (st.type !== 'symlink' || deref) return shellAlways(file);
      const t = await b.call(task, 'readlink', [file]);
      return `${shellAlways(file)} -> ${shellAlways(t.text ?? '')}`;
    }
    case 'a': return st.mode.toString(8);
    case 'A': return modeString(st.type, st.mode);
    case 'F': return st.type === 'file' ? (st.size === 0 ? 'regular empty file' : 'regular file') : FILE_TYPE[st.type] ?? 'weird file';
    case 'f': return ((TYPE_BITS[st.type] ?? 0) | st.mode).toString(16);
    case 's': return String(st.size);
    case 'h': return String(st.nlink);
    case 'u': return String(st.uid);
    case 'U': return users.get(st.uid) ?? 'UNKNOWN';
    case 'g': return String(st.gid);
    case 'G': return groups.get(st.gid) ?? 'UNKNOWN';
    case 'b': return String(blocks(st, await fs.of(file)));
    case 'B': return '512';
    case 'm': {
      // find_mount_point(): the mount the file lies on (a link itself, unless -L)
      let m: Awaited<ReturnType<FsTypes['mount']>>;
      if (deref) {
        const real = await realpath(b, task, file);
        const table = await readMountinfo(b, task);
        m = real === null || typeof table === 'number' ? undefined : mountOf(table, real);
      } else m = await fs.mount(file);
      return m === undefined ? '?' : m?.target ?? '/';
    }
    default: return '?';
  }
}
