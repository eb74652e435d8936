// net/: network namespaces and their devices — the loopback device (down
// in a new namespace), veth pairs, moving a device, link up/down, IPv4
// addresses — as the rtnetlink dumps report them. The states, orders and
// errno values are those Linux 6.18 showed for the same `ip` commands in
// a fresh `unshare -n`.
import { describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from './kernel.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

const E = (name: keyof typeof ERRNO) => -ERRNO[name];

interface Link { ifindex: number; name: string; flags: number; mtu: number; qdisc: string; state: string; link: number; netnsid: number; kind: string; addr: string }

function links(k: Kernel, t: number): Link[] {
  return k.sys_link_list(t).split('\n').filter(Boolean).map((l) => {
    const f = l.split(' ');
    return {
      ifindex: Number(f[0]), name: f[1], flags: Number(f[2]), mtu: Number(f[3]), qdisc: f[4], state: f[5],
      link: Number(f[12]), netnsid: Number(f[13]), kind: f[14], addr: f[10],
    };
  });
}
const brief = (k: Kernel, t: number) => links(k, t).map((l) => `${l.ifindex} ${l.name} ${l.flags.toString(16)} ${l.qdisc} ${l.state} ${l.link} ${l.netnsid}`);
const addrs = (k: Kernel, t: number) => k.sys_addr_list(t).split('\n').filter(Boolean);

function check(k: Kernel) {
  expect(k.kernel_check()).toBe('');
}

describe('network devices', () => {
  it('a machine starts with its loopback device down, as a new network namespace does', async () => {
    const k = await bootKernel();
    expect(k.sys_link_list(1)).toBe('1 lo 0x8 65536 noop DOWN 1000 0 0 772 00:00:00:00:00:00 00:00:00:00:00:00 0 -1 -\n');
    expect(k.sys_addr_list(1)).toBe('');
  });

  it('lo up: UP,LOWER_UP and RUNNING, state UNKNOWN, 127.0.0.1/8 and ::1; down again: ::1 goes, 127.0.0.1 stays', async () => {
    const k = await bootKernel();
    expect(k.sys_link_set(1, 'lo', 1)).toBe(0);
    expect(brief(k, 1)).toEqual(['1 lo 10049 noqueue UNKNOWN 0 -1']);
    expect(addrs(k, 1)).toEqual(['1 inet 127.0.0.1/8 - 254 0x80 lo', '1 inet6 ::1/128 - 254 0x80 -']);
    expect(k.sys_link_set(1, 'lo', 0)).toBe(0);
    expect(brief(k, 1)).toEqual(['1 lo 8 noqueue DOWN 0 -1']);
    expect(addrs(k, 1)).toEqual(['1 inet 127.0.0.1/8 - 254 0x80 lo']);
    expect(k.sys_link_set(1, 'nope', 1)).toBe(E('ENODEV'));
  });

  it('a veth pair: the peer registers first; carrier only when both ends are up', async () => {
    const k = await bootKernel();
    expect(k.sys_link_add_veth(1, 'veth0', 'veth1')).toBe(0);
    expect(brief(k, 1)).toEqual(['1 lo 8 noop DOWN 0 -1', '2 veth1 1002 noop DOWN 3 -1', '3 veth0 1002 noop DOWN 2 -1']);
    expect(links(k, 1)[1]!.kind).toBe('veth');
    expect(links(k, 1)[1]!.addr).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
    expect(k.sys_link_set(1, 'veth0', 1)).toBe(0);
    expect(brief(k, 1)[2]).toBe('3 veth0 1003 noqueue LOWERLAYERDOWN 2 -1');
    expect(addrs(k, 1)).toEqual([]);
    expect(k.sys_link_set(1, 'veth1', 1)).toBe(0);
    expect(brief(k, 1).slice(1)).toEqual(['2 veth1 11043 noqueue UP 3 -1', '3 veth0 11043 noqueue UP 2 -1']);
    // each end gets its EUI-64 link-local address once it has carrier
    const mac = links(k, 1)[2]!.addr.split(':').map((x) => parseInt(x, 16));
    const eui = [((mac[0]! ^ 2) << 8) | mac[1]!, (mac[2]! << 8) | 0xff, 0xfe00 | mac[3]!, (mac[4]! << 8) | mac[5]!].map((g) => g.toString(16)).join(':');
    expect(addrs(k, 1)).toContain(`3 inet6 fe80::${eui}/64 - 253 0x80 -`);
    // the peer goes down: the other end keeps its addresses but loses carrier
    expect(k.sys_link_set(1, 'veth1', 0)).toBe(0);
    expect(brief(k, 1).slice(1)).toEqual(['2 veth1 1002 noqueue DOWN 3 -1', '3 veth0 1003 noqueue LOWERLAYERDOWN 2 -1']);
    expect(addrs(k, 1).filter((a) => a.startsWith('3 '))).toHaveLength(1);
    expect(addrs(k, 1).filter((a) => a.startsWith('2 '))).toHaveLength(0);
    check(k);
  });

  it('names: EEXIST for a name in use (either end), EINVAL for a bad one, veth%d for none', async () => {
    const k = await bootKernel();
    expect(k.sys_link_add_veth(1, 'veth0', 'veth1')).toBe(0);
    expect(k.sys_link_add_veth(1, 'veth0', 'vethX')).toBe(E('EEXIST'));
    expect(k.sys_link_add_veth(1, 'vethY', 'veth1')).toBe(E('EEXIST'));
    expect(k.sys_link_add_veth(1, 'a/b', 'c')).toBe(E('EINVAL'));
    expect(k.sys_link_add_veth(1, 'x'.repeat(16), 'c')).toBe(E('EINVAL'));
    expect(k.sys_link_add_veth(1, 'x'.repeat(15), '')).toBe(0);
    expect(links(k, 1).map((l) => l.name)).toContain('veth2');
  });

  it('deleting one end deletes the pair; the loopback device cannot be deleted', async () => {
    const k = await bootKernel();
    k.sys_link_add_veth(1, 'veth0', 'veth1');
    expect(k.sys_link_del(1, 'lo')).toBe(E('EOPNOTSUPP'));
    expect(k.sys_link_del(1, 'veth1')).toBe(0);
    expect(links(k, 1).map((l) => l.name)).toEqual(['lo']);
    expect(k.sys_link_del(1, 'veth1')).toBe(E('ENODEV'));
    // ifindex allocation goes on cyclically: the next pair is 4 and 5
    k.sys_link_add_veth(1, 'a', 'b');
    expect(brief(k, 1).slice(1)).toEqual(['4 b 1002 noop DOWN 5 -1', '5 a 1002 noop DOWN 4 -1']);
  });
});

describe('IPv4 addresses', () => {
  it('order: host scope first, primaries before secondaries; EEXIST, EADDRNOTAVAIL', async () => {
    const k = await bootKernel();
    k.sys_link_add_veth(1, 'veth0', 'veth1');
    expect(k.sys_addr_add(1, 'veth0', '10.0.0.1/24')).toBe(0);
    expect(k.sys_addr_add(1, 'veth0', '10.0.0.1/24')).toBe(E('EEXIST'));
    expect(k.sys_addr_add(1, 'veth0', '10.0.0.2/24')).toBe(0);
    expect(k.sys_addr_add(1, 'veth0', '10.0.0.1/16')).toBe(0);
    expect(k.sys_addr_add(1, 'veth0', '10.1.0.1/24')).toBe(0);
    expect(k.sys_addr_add(1, 'veth0', '127.0.0.5/8')).toBe(0);
    expect(k.sys_addr_del(1, 'veth0', '10.9.9.9/24')).toBe(E('EADDRNOTAVAIL'));
    expect(k.sys_addr_add(1, 'nope', '10.0.0.1/24')).toBe(E('ENODEV'));
    expect(k.sys_addr_add(1, 'veth0', '10.0.0.1/33')).toBe(E('EINVAL'));
    expect(k.sys_addr_add(1, 'veth0', '10.0.0/8')).toBe(E('EINVAL'));
    expect(addrs(k, 1)).toEqual([
      '3 inet 127.0.0.5/8 - 254 0x80 veth0',
      '3 inet 10.0.0.1/24 - 0 0x80 veth0',
      '3 inet 10.0.0.1/16 - 0 0x80 veth0',
      '3 inet 10.1.0.1/24 - 0 0x80 veth0',
      '3 inet 10.0.0.2/24 - 0 0x81 veth0',
    ]);
    // deleting a primary takes its secondaries along
    expect(k.sys_addr_del(1, 'veth0', '10.0.0.1/24')).toBe(0);
    expect(addrs(k, 1).map((a) => a.split(' ')[2])).toEqual(['127.0.0.5/8', '10.0.0.1/16', '10.1.0.1/24']);
  });
});

describe('network namespaces', () => {
  it('moving an end: ifindex kept if free, link-netnsid on both sides, the device down and without addresses', async () => {
    const k = await bootKernel();
    k.sys_clone(1, CLONE.CLONE_NEWNET | SIGNALS.SIGCHLD);
    const c = k.last_child();
    expect(brief(k, c)).toEqual(['1 lo 8 noop DOWN 0 -1']);
    k.sys_link_add_veth(1, 'veth0', 'veth1');
    k.sys_addr_add(1, 'veth1', '10.0.0.2/24');
    k.sys_link_set(1, 'veth1', 1);
    expect(k.sys_link_setns(1, 'veth1', `/proc/${c}/ns/net`)).toBe(0);
    expect(brief(k, 1)).toEqual(['1 lo 8 noop DOWN 0 -1', '3 veth0 1002 noop DOWN 2 0']);
    expect(brief(k, c)).toEqual(['1 lo 8 noop DOWN 0 -1', '2 veth1 1002 noqueue DOWN 3 0']);
    expect(addrs(k, c)).toEqual([]);
    expect(k.vfs_read(c, '/proc/net/dev').split('\n').slice(2, -1).map((l) => l.split(':')[0]!.trim())).toEqual(['lo', 'veth1']);
    // the ends see each other's state across namespaces
    k.sys_link_set(1, 'veth0', 1);
    k.sys_link_set(c, 'veth1', 1);
    expect(brief(k, c)[1]).toBe('2 veth1 11043 noqueue UP 3 0');
    check(k);
  });

  it('setns errors: the loopback device is immutable, a name taken there is EEXIST, a non-net file EINVAL', async () => {
    const k = await bootKernel();
    k.sys_clone(1, CLONE.CLONE_NEWNET | SIGNALS.SIGCHLD);
    const c = k.last_child();
    k.sys_link_add_veth(c, 'veth0', 'veth1');
    k.sys_link_add_veth(1, 'veth0', 'peer0');
    expect(k.sys_link_setns(c, 'lo', '/proc/1/ns/net')).toBe(E('EINVAL'));
    // its own namespace is no move, even for lo (Linux 6.18 answers 0)
    expect(k.sys_link_setns(c, 'lo', `/proc/${c}/ns/net`)).toBe(0);
    expect(k.sys_link_setns(c, 'veth0', '/proc/1/ns/net')).toBe(E('EEXIST'));
    expect(k.sys_link_setns(c, 'veth1', '/proc/1/ns/uts')).toBe(E('EINVAL'));
    expect(k.sys_link_setns(c, 'veth1', '/proc/99/ns/net')).toBe(E('ENOENT'));
    expect(k.sys_link_setns(c, 'nope', '/proc/1/ns/net')).toBe(E('ENODEV'));
    expect(k.sys_link_setns(c, 'veth1', `/proc/${c}/ns/net`)).toBe(0);
    expect(k.sys_link_setns(c, 'veth1', '/proc/1/ns/net')).toBe(0);
    // index 2 is taken in init's namespace by peer0: veth1 gets the next free one
    expect(brief(k, 1)).toEqual(['1 lo 8 noop DOWN 0 -1', '2 peer0 1002 noop DOWN 3 -1', '3 veth0 1002 noop DOWN 2 -1', '4 veth1 1002 noop DOWN 3 0']);
  });

  it('a dying namespace takes its veth ends and their peers with it', async () => {
    const k = await bootKernel();
    k.sys_clone(1, CLONE.CLONE_NEWNET | SIGNALS.SIGCHLD);
    const c = k.last_child();
    k.sys_link_add_veth(1, 'veth0', 'veth1');
    k.sys_link_setns(1, 'veth1', `/proc/${c}/ns/net`);
    k.sys_exit(c, 0);
    k.sys_waitpid(1, c, 0);
    expect(links(k, 1).map((l) => l.name)).toEqual(['lo']);
    check(k);
  });

  it('without CAP_NET_ADMIN over the namespace\'s owner: EPERM', async () => {
    const k = await bootKernel();
    k.sys_clone(1, CLONE.CLONE_NEWUSER | SIGNALS.SIGCHLD);
    const u = k.last_child();
    expect(k.sys_link_add_veth(u, 'v0', 'v1')).toBe(E('EPERM'));
    expect(k.sys_link_set(u, 'lo', 1)).toBe(E('EPERM'));
    // in a network namespace of its own, it may
    expect(k.sys_unshare(u, CLONE.CLONE_NEWNET)).toBe(0);
    expect(k.sys_link_add_veth(u, 'v0', 'v1')).toBe(0);
    expect(k.sys_link_setns(u, 'v1', '/proc/1/ns/net')).toBe(E('EPERM'));
  });
});
