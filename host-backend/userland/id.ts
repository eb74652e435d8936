// id(1), GNU coreutils 9.1, for the calling task: its ids as ITS user
// namespace sees them (user_namespaces(7): an id with no mapping there shows
// as the overflow id 65534), names from /etc/passwd and /etc/group as the
// task sees them (its root: a chroot has its own).
//
//   uid=R(name) gid=R(name)[ euid=E(name)][ egid=E(name)] groups=G,...
//
// The group list is mgetgroups(): the effective gid first, then the
// supplementary groups (getgroups(2), which the kernel keeps sorted) without
// the effective gid and without adjacent repeats; -G prints print_group_list():
// the real gid, the effective one when it differs, then the others.
//
// NOTE: the Backend has getuid(2)/getgid(2) but no geteuid/getegid/
// getgroups: the ids are read from /proc/self/status (its Uid/Gid/Groups
// lines give the same numbers as those calls); where the task has no proc
// (a chroot), getuid/getgid stand in for the effective ids too and the
// supplementary groups are none. Options: -u -g -G (ids), -n (names), -r (real instead of effective).
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { numbers, parseStatus, readText } from './procfs.ts';
import { strerror } from './strerror.ts';

interface IdOptions {
  what: 'all' | 'u' | 'g' | 'G';
  name: boolean;
  real: boolean;
}

export function parseId(argv: readonly string[]): IdOptions | string {
  const o: IdOptions = { what: 'all', name: false, real: false };
  for (const a of argv.slice(1)) {
    const long: Record<string, string> = { '--user': 'u', '--group': 'g', '--groups': 'G', '--name': 'n', '--real': 'r' };
    const letters = long[a] ?? (/^-[ugGnr]+$/.test(a) ? a.slice(1) : null);
    if (letters === null) return a.startsWith('-') ? `id: unsupported option ${a} (supported: -u -g -G -n -r)` : 'id: naming a user is not supported (id prints the calling task\'s ids)';
    for (const c of letters) {
      if (c === 'n') o.name = true;
      else if (c === 'r') o.real = true;
      else {
        if (o.what !== 'all' && o.what !== c) return 'id: cannot print "only" of more than one choice';
        o.what = c as IdOptions['what'];
      }
    }
  }
  if (o.what === 'all' && (o.name || o.real)) return 'id: cannot print only names or real IDs in default format';
  return o;
}

/** name → id and id → name of an /etc/passwd or /etc/group text: the first entry for an id wins, as getpwuid(3) finds it. */
function names(text: string | null): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2])) continue;
    const id = Number(f[2]);
    if (!m.has(id)) m.set(id, f[0]);
  }
  return m;
}

/** mgetgroups(NULL, egid): egid first, then the supplementary groups without egid and without adjacent repeats. */
export function groupList(egid: number, supplementary: readonly number[]): number[] {
  const g = [egid];
  for (const x of supplementary) if (x !== egid && x !== g[g.length - 1]) g.push(x);
  return g;
}

export async function id(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseId(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  let ruid: number, euid: number, rgid: number, egid: number, supplementary: number[];
  const r = await b.call(task, 'read_file', ['/proc/self/status']);
  if (r.ret >= 0) {
    const st = parseStatus(r.text ?? '');
    [ruid, euid] = numbers(st.get('Uid'));
    [rgid, egid] = numbers(st.get('Gid'));
    supplementary = numbers(st.get('Groups'));
  } else {
    // no proc where the task looks (a chroot): getuid(2)/getgid(2), which
    // the Backend has, and no supplementary groups (the model gives none)
    const u = await b.call(task, 'getuid', []);
    const g = await b.call(task, 'getgid', []);
    if (u.ret < 0 || g.ret < 0) return { ret: u.ret < 0 ? u.ret : g.ret, output: `id: cannot get the ids: ${strerror(u.ret < 0 ? u.ret : g.ret)}\n` };
    [ruid, euid, rgid, egid, supplementary] = [u.ret, u.ret, g.ret, g.ret, []];
  }
  const groups = groupList(egid, supplementary);
  const users = names(await readText(b, task, '/etc/passwd'));
  const grps = names(await readText(b, task, '/etc/group'));
  const u = (n: number) => `${n}${users.has(n) ? `(${users.get(n)})` : ''}`;
  const g = (n: number) => `${n}${grps.has(n) ? `(${grps.get(n)})` : ''}`;
  // -n of an id without a name: coreutils complains, then prints the number
  let warn = '';
  const only = (n: number, table: Map<number, string>, kind: 'user' | 'group') => {
    if (!o.name) return String(n);
    const name = table.get(n);
    if (name === undefined) warn += `id: cannot find name for ${kind} ID ${n}\n`;
    return name ?? String(n);
  };
  if (o.what === 'u') { const v = only(o.real ? ruid : euid, users, 'user'); return { ret: 0, output: `${warn}${v}\n` }; }
  if (o.what === 'g') { const v = only(o.real ? rgid : egid, grps, 'group'); return { ret: 0, output: `${warn}${v}\n` }; }
  if (o.what === 'G') {
    // print_group_list(): the real gid, the effective one when it differs, then the rest of getgroups(2)
    const list = [rgid, ...(egid !== rgid ? [egid] : []), ...groups.filter((x) => x !== rgid && x !== egid)];
    const v = list.map((x) => only(x, grps, 'group')).join(' ');
    return { ret: 0, output: `${warn}${v}\n` };
  }
  let out = `uid=${u(ruid)} gid=${g(rgid)}`;
  if (euid !== ruid) out += ` euid=${u(euid)}`;
  if (egid !== rgid) out += ` egid=${g(egid)}`;
  out += ` groups=${groups.map(g).join(',')}`;
  return { ret: 0, output: out + '\n' };
}
