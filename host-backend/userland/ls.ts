// ls(1), GNU coreutils 9.1, as it prints when stdout is no terminal (one
// name per line, names as they are, sorted by byte value as in the C locale).
// Options: -a, -1, -d, -l, -n (-l with numeric ids), -L (symbolic links
// followed: what they point to is shown, as stat(2) sees it).
//
// Operands: files first (sorted), then each directory (sorted) under a
// "DIR:" header when there is more than one operand, a blank line between
// groups. With -l a symbolic link operand is shown itself; without, one to a
// directory is listed (DEREF_COMMAND_LINE_SYMLINK_TO_DIR).
//
// -l, per group: "total N" (directories only: the 1K blocks of the entries,
// rounded up), then MODE NLINK OWNER GROUP SIZE TIME NAME [-> TARGET]; NLINK
// and SIZE right-aligned, names left-aligned, numeric ids right-aligned, all
// as wide as the widest; a device shows "MAJOR, MINOR" for its size.
// NOTE — what the model lacks and is normalised: lstat(2)'s text has no
// times, so every time is the epoch, as ls prints a file whose mtime is 0
// in UTC ("Jan  1  1970"); no st_blocks (fsinfo.ts's blocks() gives tmpfs's
// rule); no st_rdev (fsinfo.ts's DEVICE_NUMBERS, by name).
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { DEVICE_NUMBERS, FsTypes, blocks, idNames, lstat, modeString, stat, type Stat } from './fsinfo.ts';
import { strerror } from './strerror.ts';

interface LsOptions {
  all: boolean;
  long: boolean;
  numeric: boolean;
  directory: boolean;
  dereference: boolean;
  operands: string[];
}

export function parseLs(argv: readonly string[]): LsOptions | string {
  const o: LsOptions = { all: false, long: false, numeric: false, directory: false, dereference: false, operands: [] };
  let opts = true;
  for (const a of argv.slice(1)) {
    if (opts && a === '--') { opts = false; continue; }
    if (opts && a.startsWith('-') && a.length > 1) {
      const long: Record<string, string> = { '--all': 'a', '--directory': 'd', '--numeric-uid-gid': 'n', '--dereference': 'L' };
      const letters = long[a] ?? (a.startsWith('--') ? null : a.slice(1));
      if (letters === null) return `ls: unsupported option ${a} (supported: -a -1 -d -l -n -L)`;
      for (const c of letters) {
        if (c === 'a') o.all = true;
        else if (c === 'l') o.long = true;
        else if (c === 'n') { o.long = true; o.numeric = true; }
        else if (c === 'd') o.directory = true;
        else if (c === 'L') o.dereference = true;
        else if (c === '1') continue;
        else return `ls: unsupported option -${c} (supported: -a -1 -d -l -n -L)`;
      }
      continue;
    }
    o.operands.push(a);
  }
  return o;
}

const byBytes = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

interface Entry {
  /** as printed */
  name: string;
  /** as looked up */
  path: string;
  st: Stat;
  target?: string;
}

/** ls's time for st_mtime = 0 in UTC: "%b %e  %Y" (a file older than six months). */
const EPOCH = 'Jan  1  1970';

class Long {
  private users: Map<number, string> | null = null;
  private groups: Map<number, string> | null = null;
  private fs: FsTypes;
  constructor(private b: Backend, private task: TaskRef, private numeric: boolean) {
    this.fs = new FsTypes(b, task);
  }

  async names(): Promise<void> {
    if (this.numeric || this.users) return;
    this.users = await idNames(this.b, this.task, '/etc/passwd');
    this.groups = await idNames(this.b, this.task, '/etc/group');
  }

  async blocks(e: Entry): Promise<number> {
    return blocks(e.st, await this.fs.of(e.path));
  }

  /** The long lines of `entries`, the columns as wide as `widths` needs. */
  format(entries: Entry[], widths: Entry[] = entries): string {
    const owner = (e: Entry) => (this.numeric ? undefined : this.users!.get(e.st.uid));
    const group = (e: Entry) => (this.numeric ? undefined : this.groups!.get(e.st.gid));
    const dev = (e: Entry) => (e.st.type === 'chardev' ? DEVICE_NUMBERS[e.name.slice(e.name.lastIndexOf('/') + 1)] ?? [0, 0] : null);
    const w = { nlink: 0, owner: 0, group: 0, size: 0, major: 0, minor: 0 };
    for (const e of widths) {
      w.nlink = Math.max(w.nlink, String(e.st.nlink).length);
      w.owner = Math.max(w.owner, (owner(e) ?? String(e.st.uid)).length);
      w.group = Math.max(w.group, (group(e) ?? String(e.st.gid)).length);
      const d = dev(e);
      if (d) {
        w.major = Math.max(w.major, String(d[0]).length);
        w.minor = Math.max(w.minor, String(d[1]).length);
        w.size = Math.max(w.size, w.major + 2 + w.minor);
      } else w.size = Math.max(w.size, String(e.st.size).length);
    }
    // format_user_or_group(): a name left-aligned, a number right-aligned
    const id = (name: string | undefined, n: number, width: number) => (name !== undefined ? name.padEnd(width) : String(n).padStart(width));
    return entries.map((e) => {
      const d = dev(e);
      const size = d
        ? `${String(d[0]).padStart(w.size - (w.major + 2 + w.minor) + w.major)}, ${String(d[1]).padStart(w.minor)}`
        : String(e.st.size).padStart(w.size);
      const link = e.st.type === 'symlink' && e.target !== undefined ? ` -> ${e.target}` : '';
      return `${modeString(e.st.type, e.st.mode)} ${String(e.st.nlink).padStart(w.nlink)} ${id(owner(e), e.st.uid, w.owner)} ${id(group(e), e.st.gid, w.group)} ${size} ${EPOCH} ${e.name}${link}\n`;
    }).join('');
  }
}

export async function ls(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseLs(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  const operands = o.operands.length ? o.operands : ['.'];
  const long = o.long ? new Long(b, task, o.numeric) : null;
  if (long) await long.names();
  let output = '';
  let ret = 0;
  const files: Entry[] = [];
  const dirs: string[] = [];
  // every operand is measured for the columns, directories too (gobble_file()
  // before extract_dirs_from_files())
  const measured: Entry[] = [];
  for (const path of operands) {
    // -l and -d show a link operand itself; otherwise a link to a directory is followed
    let st = o.dereference ? await stat(b, task, path) : await lstat(b, task, path);
    if (typeof st !== 'number' && st.type === 'symlink' && !o.long && !o.directory) {
      const t = await stat(b, task, path);
      if (typeof t !== 'number' && t.type === 'directory') st = t;
    }
    if (typeof st === 'number') {
      output += `ls: cannot access '${path}': ${strerror(st)}\n`;
      ret = st;
      continue;
    }
    measured.push({ name: path, path, st });
    if (st.type === 'directory' && !o.directory) dirs.push(path);
    else files.push({ name: path, path, st });
  }
  const entryLines = async (entries: Entry[], widths: Entry[] = entries) => {
    if (!long) return entries.map((e) => `${e.name}\n`).join('');
    for (const e of entries) {
      if (e.st.type === 'symlink') e.target = (await b.call(task, 'readlink', [e.path])).text ?? '';
    }
    return long.format(entries, widths);
  };
  files.sort((x, y) => byBytes(x.name, y.name));
  dirs.sort(byBytes);
  // print_current_files(), a blank line if directories follow, then each
  // directory; one that cannot be opened prints only its error
  if (files.length) output += (await entryLines(files, measured)) + (dirs.length ? '\n' : '');
  let first = true;
  for (const dir of dirs) {
    const r = await b.call(task, 'readdir', [dir]);
    if (r.ret < 0) {
      output += `ls: cannot open directory '${dir}': ${strerror(r.ret)}\n`;
      ret = r.ret;
      continue;
    }
    if (operands.length > 1) {
      if (!first) output += '\n';
      first = false;
      output += `${dir}:\n`;
    }
    let names = (r.text ?? '').split('\n').filter((n) => n !== '');
    names = o.all ? [...new Set(['.', '..', ...names])] : names.filter((n) => !n.startsWith('.'));
    names.sort(byBytes);
    if (!long) {
      output += names.map((n) => `${n}\n`).join('');
      continue;
    }
    const entries: Entry[] = [];
    for (const name of names) {
      const path = `${dir.endsWith('/') ? dir : dir + '/'}${name}`;
      const st = o.dereference ? await stat(b, task, path) : await lstat(b, task, path);
      if (typeof st === 'number') {
        output += `ls: cannot access '${path}': ${strerror(st)}\n`;
        ret = st;
        continue;
      }
      entries.push({ name, path, st });
    }
    let total = 0;
    for (const e of entries) total += await long.blocks(e);
    output += `total ${Math.ceil(total / 2)}\n` + (await entryLines(entries));
  }
  return { ret, output };
}
