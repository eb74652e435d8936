// findmnt(8), util-linux 2.38.1, default output: the mount table of
// /proc/self/mountinfo as a tree with the columns TARGET SOURCE FSTYPE
// OPTIONS (libsmartcols: every column as wide as its widest cell, one space
// between, the last one unpadded; stdout is no terminal, so nothing is
// truncated).
//
// The tree (findmnt.c create_treenode(), libmount tab.c):
// - the root is the entry with the smallest parent id, walked up through
//   parents that are in the table (mnt_table_get_root_fs());
// - children follow in ascending mount id, not in file order
//   (mnt_table_next_child_fs());
// - entries not reached from the root (a chroot hides the mounts above it)
//   start trees of their own, in file order;
// - with -t, an entry of another type is left out and its children hang
//   from its nearest printed ancestor; when nothing matches the tree is
//   empty and the exit status still 0 (2.38's tree mode; -l exits 1).
// SOURCE is the source with the mount's root in brackets when that is not
// "/" (a bind mount of a subdirectory: "tmpfs[/a]").
// `findmnt PATH` lists the entries mounted on PATH or from PATH (both as
// written: libmount's canonicalisation is not modelled), no tree.
// -o LIST (or -o +LIST, added to the default) chooses the columns, names in
// any case: TARGET SOURCE FSTYPE OPTIONS VFS-OPTIONS FS-OPTIONS FSROOT
// PROPAGATION ("shared"/"private", then ",slave" for a master:N and
// ",unbindable") ID PARENT (right-aligned, their headers too, and padded
// even when last) MAJ:MIN ("%3u:%-3u"). Without TARGET the rows keep the
// tree's order but draw no tree.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { entryOptions, matchFstype, readMountinfo, type MountEntry } from './mountinfo.ts';
import { strerror } from './strerror.ts';

interface FindmntOptions {
  types: string | null;
  list: boolean;
  columns: string[];
  /** `findmnt PATH`: the entries whose mount point or source is PATH, listed (no tree) */
  path: string | null;
}

/** findmnt's columns: how each is computed, and whether it is right-aligned (SCOLS_FL_RIGHT). */
const COLUMNS: Record<string, { cell: (e: MountEntry) => string; right?: boolean }> = {
  TARGET: { cell: (e) => e.target },
  SOURCE: { cell: (e) => (e.root !== '/' ? `${e.source}[${e.root}]` : e.source) },
  FSTYPE: { cell: (e) => e.fstype },
  OPTIONS: { cell: (e) => entryOptions(e) },
  'VFS-OPTIONS': { cell: (e) => e.vfsOptions },
  'FS-OPTIONS': { cell: (e) => e.fsOptions },
  FSROOT: { cell: (e) => e.root },
  PROPAGATION: {
    cell: (e) => {
      const tags = e.optional.split(' ');
      return (tags.some((t) => t.startsWith('shared:')) ? 'shared' : 'private')
        + (tags.some((t) => t.startsWith('master:')) ? ',slave' : '') + (tags.includes('unbindable') ? ',unbindable' : '');
    },
  },
  ID: { cell: (e) => String(e.id), right: true },
  PARENT: { cell: (e) => String(e.parent), right: true },
  // "%3u:%-3u" (findmnt.c), empty for device 0:0
  'MAJ:MIN': {
    cell: (e) => {
      const [maj, min] = e.dev.split(':');
      return maj === '0' && min === '0' ? '' : `${maj.padStart(3)}:${min.padEnd(3)}`;
    },
  },
};

const DEFAULT_COLUMNS = ['TARGET', 'SOURCE', 'FSTYPE', 'OPTIONS'];

export function parseFindmnt(argv: readonly string[]): FindmntOptions | string {
  const o: FindmntOptions = { types: null, list: false, columns: DEFAULT_COLUMNS, path: null };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    let cols: string | null = null;
    if (a === '-t' || a === '--types') {
      const v = argv[++i];
      if (v === undefined) return `findmnt: option requires an argument -- '${a === '-t' ? 't' : 'types'}'`;
      o.types = v;
    } else if (a.startsWith('--types=')) o.types = a.slice(8);
    else if (a.startsWith('-t') && a.length > 2) o.types = a.slice(2);
    else if (a === '-l' || a === '--list') o.list = true;
    else if (a === '-o' || a === '--output') {
      cols = argv[++i] ?? null;
      if (cols === null) return `findmnt: option requires an argument -- '${a === '-o' ? 'o' : 'output'}'`;
    } else if (a.startsWith('--output=')) cols = a.slice(9);
    else if (a.startsWith('-o') && a.length > 2) cols = a.slice(2);
    else if (!a.startsWith('-') && o.path === null) o.path = a;
    else return `findmnt: unsupported argument ${a} (supported: -t TYPES, -l, -o COLUMNS, one PATH)`;
    if (cols !== null) {
      const add = cols.startsWith('+');
      const names = (add ? cols.slice(1) : cols).split(',').map((c) => c.toUpperCase());
      const bad = names.find((c) => !(c in COLUMNS));
      if (bad !== undefined) return `findmnt: unknown column: ${(add ? cols.slice(1) : cols).split(',')[names.indexOf(bad)]} (supported: ${Object.keys(COLUMNS).join(' ')})`;
      o.columns = add ? [...o.columns, ...names] : names;
    }
  }
  return o;
}

/** The rows of the tree, each with its TARGET already prefixed by the tree's branches (when there is a TARGET column). */
function treeRows(table: MountEntry[], match: (e: MountEntry) => boolean, columns: string[]): string[][] {
  const target = columns.indexOf('TARGET');
  const cells = (e: MountEntry) => columns.map((c) => COLUMNS[c].cell(e));
  const rows: string[][] = [];
  const byId = new Map(table.map((e) => [e.id, e]));
  const printed = new Set<MountEntry>();
  // the printed tree: each node's children in the order they are added
  interface Node { e: MountEntry; children: Node[] }
  const roots: Node[] = [];
  const childrenOf = (e: MountEntry) =>
    table.filter((c) => c.parent === e.id && c.id !== e.id).sort((x, y) => x.id - y.id);
  const build = (e: MountEntry, parent: Node | null, depth: number) => {
    // a table whose parent links loop must still end
    if (depth > table.length) return;
    let node = parent;
    if (match(e)) {
      node = { e, children: [] };
      printed.add(e);
      (parent ? parent.children : roots).push(node);
    }
    for (const c of childrenOf(e)) build(c, node, depth + 1);
  };
  if (table.length === 0) return rows;
  let root = table[0];
  for (const e of table) if (e.parent < root.parent) root = e;
  for (let guard = 0; guard < table.length; guard++) {
    const up = byId.get(root.parent);
    if (!up || up === root) break;
    root = up;
  }
  build(root, null, 0);
  for (const e of table) if (!printed.has(e) && match(e)) build(e, null, 0);
  const emit = (n: Node, prefix: string, branch: string) => {
    const c = cells(n.e);
    if (target >= 0) c[target] = prefix + branch + c[target];
    rows.push(c);
    const inner = branch === '' ? prefix : prefix + (branch === '├─' ? '│ ' : '  ');
    n.children.forEach((k, i) => emit(k, inner, i === n.children.length - 1 ? '└─' : '├─'));
  };
  for (const r of roots) emit(r, '', '');
  return rows;
}

/** libsmartcols' table: columns as wide as their widest cell, one space apart; left-aligned ones (the last unpadded) or right-aligned ones. */
export function formatColumns(headers: readonly string[], rows: readonly string[][], right: readonly boolean[] = []): string {
  const all = [headers as string[], ...rows];
  const width = headers.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const pad = (c: string, i: number, last: boolean) => {
    const gap = ' '.repeat(width[i] - [...c].length);
    return right[i] ? gap + c : last ? c : c + gap;
  };
  return all.map((r) => r.map((c, i) => pad(c, i, i === r.length - 1)).join(' ') + '\n').join('');
}

export async function findmnt(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseFindmnt(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  const table = await readMountinfo(b, task);
  if (typeof table === 'number') return { ret: table, output: `findmnt: can't read /proc/mounts: ${strerror(table)}\n` };
  const byPath = (e: MountEntry) => o.path === null || e.target === o.path || e.source === o.path;
  const match = (e: MountEntry) => (o.types === null || matchFstype(e.fstype, o.types)) && byPath(e);
  const right = o.columns.map((c) => COLUMNS[c].right === true);
  // a PATH asks for matching entries, not the tree
  if (o.list || o.path !== null) {
    const rows = table.filter(match).map((e) => o.columns.map((c) => COLUMNS[c].cell(e)));
    if (rows.length === 0) return { ret: 0, output: '' };
    return { ret: 0, output: formatColumns(o.columns, rows, right) };
  }
  const rows = treeRows(table, match, o.columns);
  return { ret: 0, output: rows.length ? formatColumns(o.columns, rows, right) : '' };
}
