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
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { entryOptions, matchFstype, readMountinfo, type MountEntry } from './mountinfo.ts';
import { strerror } from './strerror.ts';

interface FindmntOptions {
  types: string | null;
  list: boolean;
}

export function parseFindmnt(argv: readonly string[]): FindmntOptions | string {
  const o: FindmntOptions = { types: null, list: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a === '--types') {
      const v = argv[++i];
      if (v === undefined) return `findmnt: option requires an argument -- '${a === '-t' ? 't' : 'types'}'`;
      o.types = v;
    } else if (a.startsWith('--types=')) o.types = a.slice(8);
    else if (a.startsWith('-t') && a.length > 2) o.types = a.slice(2);
    else if (a === '-l' || a === '--list') o.list = true;
    else return `findmnt: unsupported argument ${a} (supported: -t TYPES, -l)`;
  }
  return o;
}

const HEADERS = ['TARGET', 'SOURCE', 'FSTYPE', 'OPTIONS'];

function cells(e: MountEntry): string[] {
  const source = e.root !== '/' ? `${e.source}[${e.root}]` : e.source;
  return [e.target, source, e.fstype, entryOptions(e)];
}

/** The rows of the tree, each with its TARGET already prefixed by the tree's branches. */
function treeRows(table: MountEntry[], match: (e: MountEntry) => boolean): string[][] {
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
    c[0] = prefix + branch + c[0];
    rows.push(c);
    const inner = branch === '' ? prefix : prefix + (branch === '├─' ? '│ ' : '  ');
    n.children.forEach((k, i) => emit(k, inner, i === n.children.length - 1 ? '└─' : '├─'));
  };
  for (const r of roots) emit(r, '', '');
  return rows;
}

/** libsmartcols' table: left-aligned columns as wide as their widest cell, the last unpadded. */
export function formatColumns(headers: readonly string[], rows: readonly string[][]): string {
  const all = [headers as string[], ...rows];
  const width = headers.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(width[i] - [...c].length))).join(' ') + '\n').join('');
}

export async function findmnt(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseFindmnt(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  const table = await readMountinfo(b, task);
  if (typeof table === 'number') return { ret: table, output: `findmnt: can't read /proc/mounts: ${strerror(table)}\n` };
  const match = (e: MountEntry) => o.types === null || matchFstype(e.fstype, o.types);
  if (o.list) {
    const rows = table.filter(match).map(cells);
    if (rows.length === 0) return { ret: 0, output: '' };
    return { ret: 0, output: formatColumns(HEADERS, rows) };
  }
  const rows = treeRows(table, match);
  return { ret: 0, output: rows.length ? formatColumns(HEADERS, rows) : '' };
}
