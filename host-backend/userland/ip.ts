// ip link / ip addr: iproute2 6.1's commands for the devices and addresses
// of the caller's network namespace, over the rtnetlink calls of Backend
// (link_list/addr_list dumps; link_add_veth, link_set, link_setns,
// link_del, addr_add, addr_del requests), printed and worded as ip prints
// them.
//
//   ip link [show [dev] NAME]          ip addr [show [dev] NAME]
//   ip link add NAME type veth peer name PEER
//   ip link set [dev] NAME up|down     ip link set [dev] NAME netns PID|PATH
//   ip link del [dev] NAME             ip addr add|del ADDR/LEN dev NAME
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { strerror } from './strerror.ts';

interface Link {
  ifindex: number; name: string; flags: number; mtu: number; qdisc: string; operstate: string; txqlen: number;
  linkmode: number; group: number; type: number; address: string; broadcast: string; link: number; netnsid: number; kind: string;
}
interface Addr { ifindex: number; family: string; address: string; broadcast: string; scope: number; flags: number; label: string }

export function parseLinks(text: string): Link[] {
  return text.split('\n').filter(Boolean).map((l) => {
    const f = l.split(' ');
    return {
      ifindex: Number(f[0]), name: f[1] ?? '', flags: Number(f[2]), mtu: Number(f[3]), qdisc: f[4] ?? '', operstate: f[5] ?? '',
      txqlen: Number(f[6]), linkmode: Number(f[7]), group: Number(f[8]), type: Number(f[9]), address: f[10] ?? '',
      broadcast: f[11] ?? '', link: Number(f[12]), netnsid: Number(f[13]), kind: f[14] ?? '-',
    };
  });
}

export function parseAddrs(text: string): Addr[] {
  return text.split('\n').filter(Boolean).map((l) => {
    const f = l.split(' ');
    return {
      ifindex: Number(f[0]), family: f[1] ?? '', address: f[2] ?? '', broadcast: f[3] ?? '-', scope: Number(f[4]),
      flags: Number(f[5]), label: f[6] ?? '-',
    };
  });
}

// include/uapi/linux/if.h, in print_link_flags()'s order
const IFF_NAMES: [number, string][] = [
  [0x8, 'LOOPBACK'], [0x2, 'BROADCAST'], [0x10, 'POINTOPOINT'], [0x1000, 'MULTICAST'], [0x80, 'NOARP'],
  [0x200, 'ALLMULTI'], [0x100, 'PROMISC'], [0x400, 'MASTER'], [0x800, 'SLAVE'], [0x4, 'DEBUG'], [0x8000, 'DYNAMIC'],
  [0x4000, 'AUTOMEDIA'], [0x2000, 'PORTSEL'], [0x20, 'NOTRAILERS'], [0x1, 'UP'], [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'], [0x40000, 'ECHO'],
];
const IFF_UP = 0x1, IFF_RUNNING = 0x40;

/** print_link_flags(): NO-CARRIER for up without RUNNING; M-DOWN when the link's device (same namespace) is down. */
function linkFlags(flags: number, mdown: boolean): string {
  const out: string[] = [];
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push('NO-CARRIER');
  let rest = flags & ~IFF_RUNNING;
  for (const [bit, name] of IFF_NAMES) if (rest & bit) { out.push(name); rest &= ~bit; }
  if (rest) out.push(rest.toString(16));
  if (mdown) out.push('M-DOWN');
  return `<${out.join(',')}>`;
}

const LINK_TYPES: Record<number, string> = { 1: 'ether', 772: 'loopback', 65534: 'none' };

/** print_linkinfo(): "N: NAME[@PEER]: <FLAGS> mtu ... qlen N" and the link/ line. */
function linkLines(l: Link, all: Link[], withMode: boolean): string {
  let name = l.name;
  let mdown = false;
  if (l.link !== 0 || l.kind === 'veth') {
    if (l.link === 0) name += '@NONE';
    else if (l.netnsid >= 0) name += `@if${l.link}`;
    else {
      const peer = all.find((x) => x.ifindex === l.link);
      name += `@${peer ? peer.name : `if${l.link}`}`;
      if (peer) mdown = !(peer.flags & IFF_UP);
    }
  }
  const mode = withMode ? ` mode ${l.linkmode === 1 ? 'DORMANT' : 'DEFAULT'}` : '';
  const group = l.group === 0 ? 'default' : String(l.group);
  let s = `${l.ifindex}: ${name}: ${linkFlags(l.flags, mdown)} mtu ${l.mtu} qdisc ${l.qdisc} state ${l.operstate}${mode} group ${group} qlen ${l.txqlen}\n`;
  s += `    link/${LINK_TYPES[l.type] ?? `[${l.type}]`} ${l.address} brd ${l.broadcast}`;
  if (l.netnsid >= 0) s += ` link-netnsid ${l.netnsid}`;
  return s + '\n';
}

// include/uapi/linux/if_addr.h, in print_ifa_flags()'s order
const IFA_NAMES: [number, string][] = [
  [0x01, 'secondary'], [0x02, 'nodad'], [0x04, 'optimistic'], [0x08, 'dadfailed'], [0x10, 'home'], [0x20, 'deprecated'],
  [0x40, 'tentative'], [0x80, 'permanent'], [0x100, 'mngtmpaddr'], [0x200, 'noprefixroute'], [0x400, 'autojoin'],
  [0x800, 'stable-privacy'],
];
const SCOPES: Record<number, string> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };

/** print_addrinfo(): the inet/inet6 line and its lifetimes. */
function addrLines(a: Addr): string {
  let s = `    ${a.family} ${a.address} `;
  if (a.broadcast !== '-') s += `brd ${a.broadcast} `;
  s += `scope ${SCOPES[a.scope] ?? String(a.scope)} `;
  let flags = a.flags;
  for (const [bit, name] of IFA_NAMES) {
    if (bit === 0x80) { if (!(flags & bit)) s += 'dynamic '; }
    else if (flags & bit) s += (bit === 0x01 && a.family === 'inet6' ? 'temporary' : name) + ' ';
    flags &= ~bit;
  }
  if (flags) s += `flags ${flags.toString(16).padStart(2, '0')} `;
  if (a.label !== '-') s += a.label;
  return s + '\n       valid_lft forever preferred_lft forever\n';
}

const usage = (msg: string): CommandResult => ({ ret: -ERRNO.EINVAL, output: msg + '\n' });
const fail = (ret: number, msg: string): CommandResult => ({ ret, output: msg + '\n' });

/** What ip prints for a failed request: the kernel's extack message where it gives one, else "RTNETLINK answers". */
function rtnlError(ret: number, what: 'link' | 'setns' | 'addadd' | 'addrdel'): string {
  if (what === 'setns' && ret === -ERRNO.EINVAL) return 'Error: The interface netns is immutable.';
  if (what === 'setns' && ret === -ERRNO.EEXIST) return 'Error: An interface with the same name exists in the target netns.';
  if (what === 'addadd' && ret === -ERRNO.EEXIST) return 'Error: ipv4: Address already assigned.';
  if (what === 'addrdel' && ret === -ERRNO.EADDRNOTAVAIL) return 'Error: ipv4: Address not found.';
  return `RTNETLINK answers: ${strerror(ret)}`;
}

/** iproute2's matches(): a word may be any prefix of the keyword. */
const matches = (word: string | undefined, key: string) => word !== undefined && word.length > 0 && key.startsWith(word);

/** A usage error for these words, or null (checked before anything runs). */
export function checkIp(argv: readonly string[]): string | null {
  const obj = argv[1];
  if (obj === undefined) return 'ip: missing object (supported: link, addr)';
  const rest = argv.slice(2);
  if (matches(obj, 'link')) {
    const cmd = rest[0];
    if (cmd === undefined || matches(cmd, 'show') || matches(cmd, 'list')) return rest.length > 3 ? 'ip link show: too many arguments' : null;
    if (matches(cmd, 'add')) {
      const [name, t, kind, p, n, peer] = rest.slice(1);
      if (!name || t !== 'type' || kind !== 'veth' || p !== 'peer' || n !== 'name' || !peer || rest.length !== 7) return 'ip link add: only "ip link add NAME type veth peer name PEER" is supported';
      return null;
    }
    if (matches(cmd, 'set')) {
      const w = rest.slice(1);
      if (w[0] === 'dev') w.shift();
      if (w.length === 2 && (w[1] === 'up' || w[1] === 'down')) return null;
      if (w.length === 3 && w[1] === 'netns') return null;
      return 'ip link set: only "ip link set [dev] NAME up|down|netns PID|PATH" is supported';
    }
    if (matches(cmd, 'delete')) {
      const w = rest.slice(1);
      if (w[0] === 'dev') w.shift();
      return w.length === 1 ? null : 'ip link del: only "ip link del [dev] NAME" is supported';
    }
    return `ip link: unsupported command "${cmd}" (supported: show, add, set, del)`;
  }
  if (matches(obj, 'address')) {
    const cmd = rest[0];
    if (cmd === undefined || matches(cmd, 'show') || matches(cmd, 'list')) return rest.length > 3 ? 'ip addr show: too many arguments' : null;
    if (matches(cmd, 'add') || matches(cmd, 'delete')) {
      return rest.length === 4 && rest[2] === 'dev' ? null : `ip addr ${cmd}: only "ip addr ${cmd} ADDR/LEN dev NAME" is supported`;
    }
    return `ip addr: unsupported command "${cmd}" (supported: show, add, del)`;
  }
  return `ip: unsupported object "${obj}" (supported: link, addr)`;
}

async function show(b: Backend, task: TaskRef, addrs: boolean, dev: string | undefined): Promise<CommandResult> {
  const lr = await b.call(task, 'link_list', []);
  if (lr.ret < 0) return fail(lr.ret, `Cannot send dump request: ${strerror(lr.ret)}`);
  const links = parseLinks(lr.text ?? '');
  let shown = links;
  if (dev !== undefined) {
    shown = links.filter((l) => l.name === dev);
    if (shown.length === 0) return fail(-ERRNO.ENODEV, `Device "${dev}" does not exist.`);
  }
  let all: Addr[] = [];
  if (addrs) {
    const ar = await b.call(task, 'addr_list', []);
    if (ar.ret < 0) return fail(ar.ret, `Cannot send dump request: ${strerror(ar.ret)}`);
    all = parseAddrs(ar.text ?? '');
  }
  let output = '';
  for (const l of shown) {
    output += linkLines(l, links, !addrs);
    for (const a of all) if (a.ifindex === l.ifindex && a.family === 'inet') output += addrLines(a);
    for (const a of all) if (a.ifindex === l.ifindex && a.family === 'inet6') output += addrLines(a);
  }
  return { ret: 0, output };
}

/** The file for `netns PID|PATH|NAME`, as iproute2 resolves it (netns_get_fd()). */
function netnsPath(arg: string): string {
  if (/^\d+$/.test(arg)) return `/proc/${arg}/ns/net`;
  if (arg.includes('/')) return arg;
  return `/run/netns/${arg}`;
}

export async function ip(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const bad = checkIp(argv);
  if (bad) return usage(bad);
  const obj = argv[1]!;
  const rest = argv.slice(2);
  const cmd = rest[0];
  const devOf = (w: readonly string[]) => (w[0] === 'dev' ? w.slice(1) : w);
  if (matches(obj, 'link')) {
    if (cmd === undefined || matches(cmd, 'show') || matches(cmd, 'list')) return show(b, task, false, devOf(rest.slice(1))[0]);
    if (matches(cmd, 'add')) {
      const r = await b.call(task, 'link_add_veth', [rest[1]!, rest[6]!]);
      return r.ret < 0 ? fail(r.ret, rtnlError(r.ret, 'link')) : { ret: 0, output: '' };
    }
    const w = devOf(rest.slice(1));
    const name = w[0]!;
    if (matches(cmd!, 'set') && w[1] === 'netns') {
      const r = await b.call(task, 'link_setns', [name, netnsPath(w[2]!)]);
      if (r.ret === -ERRNO.ENODEV) return fail(r.ret, `Cannot find device "${name}"`);
      if (r.ret === -ERRNO.ENOENT && !/^\d+$/.test(w[2]!)) return fail(r.ret, `Cannot open network namespace "${w[2]}": ${strerror(r.ret)}`);
      return r.ret < 0 ? fail(r.ret, rtnlError(r.ret, 'setns')) : { ret: 0, output: '' };
    }
    const r = matches(cmd!, 'set')
      ? await b.call(task, 'link_set', [name, w[1] === 'up' ? 1 : 0])
      : await b.call(task, 'link_del', [name]);
    if (r.ret === -ERRNO.ENODEV) return fail(r.ret, `Cannot find device "${name}"`);
    return r.ret < 0 ? fail(r.ret, rtnlError(r.ret, 'link')) : { ret: 0, output: '' };
  }
  if (cmd === undefined || matches(cmd, 'show') || matches(cmd, 'list')) return show(b, task, true, devOf(rest.slice(1))[0]);
  const add = matches(cmd, 'add');
  const r = await b.call(task, add ? 'addr_add' : 'addr_del', [rest[3]!, rest[1]!]);
  if (r.ret === -ERRNO.ENODEV) return fail(r.ret, `Cannot find device "${rest[3]}"`);
  if (r.ret === -ERRNO.EINVAL) return fail(r.ret, `Error: any valid prefix is expected rather than "${rest[1]}".`);
  return r.ret < 0 ? fail(r.ret, rtnlError(r.ret, add ? 'addadd' : 'addrdel')) : { ret: 0, output: '' };
}
