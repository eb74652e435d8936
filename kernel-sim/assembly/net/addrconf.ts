// net/ipv4/devinet.c and net/ipv6/addrconf.c: a device's IPv4 and IPv6
// addresses — the ones user space adds, and the ones the kernel adds by
// itself when a device comes up (127.0.0.1/8 and ::1 on the loopback
// device, an EUI-64 link-local address once a device has carrier).
//
// Differences from Linux: duplicate address detection completes at once
// (a new IPv6 address is never shown "tentative"); user space adds IPv4
// addresses only; no routes.

import { NetDevice, IFF_LOOPBACK } from "./netdevice";
import { EADDRNOTAVAIL } from "./uapi";
import { EEXIST, EINVAL } from "../include/uapi";

// include/uapi/linux/if_addr.h
export const IFA_F_SECONDARY: u32 = 0x01;
export const IFA_F_PERMANENT: u32 = 0x80;

// include/uapi/linux/rtnetlink.h: rtm_scope
export const RT_SCOPE_UNIVERSE: i32 = 0;
export const RT_SCOPE_LINK: i32 = 253;
export const RT_SCOPE_HOST: i32 = 254;

/** struct in_ifaddr (no peer address: ifa_address == ifa_local) */
export class InIfaddr {
  constructor(
    public local: u32,
    public prefixlen: i32,
    public scope: i32,
    public flags: u32,
    public label: string,
  ) {}

  mask(): u32 {
    return this.prefixlen == 0 ? 0 : <u32>(0xffffffff << (32 - this.prefixlen));
  }
}

/** struct inet6_ifaddr: the address as 8 groups of 16 bits */
export class Inet6Ifaddr {
  constructor(public groups: StaticArray<u16>, public prefixlen: i32, public scope: i32, public flags: u32) {}
}

/** Array#splice(i, 0, v), which AssemblyScript lacks. */
function insertAt<T>(a: T[], i: i32, v: T): void {
  a.push(v);
  for (let k = a.length - 1; k > i; k--) unchecked(a[k] = a[k - 1]);
  unchecked(a[i] = v);
}

/** "10.0.0.1" */
export function ipv4Text(a: u32): string {
  return (a >> 24).toString() + "." + ((a >> 16) & 0xff).toString() + "." + ((a >> 8) & 0xff).toString() + "." + (a & 0xff).toString();
}

/** inet_ntop(AF_INET6): the longest run of two or more zero groups (the first of equals) becomes "::". */
export function ipv6Text(g: StaticArray<u16>): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (unchecked(g[i]) != 0) { i++; continue; }
    let j = i;
    while (j < 8 && unchecked(g[j]) == 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i == best) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(":")) out += ":";
    out += (<i32>unchecked(g[i])).toString(16);
  }
  return out;
}

/** "10.0.0.1/24" or "10.0.0.1" (/32), as iproute2's get_prefix() takes it; -1 for anything else. */
export function parseIPv4(s: string): u32 {
  const parts = s.split(".");
  if (parts.length != 4) return <u32>-1;
  let a: u32 = 0;
  for (let i = 0; i < 4; i++) {
    const p = unchecked(parts[i]);
    if (p.length == 0 || p.length > 3) return <u32>-1;
    let v = 0;
    for (let k = 0; k < p.length; k++) {
      const c = p.charCodeAt(k);
      if (c < 48 || c > 57) return <u32>-1;
      v = v * 10 + (c - 48);
    }
    if (v > 255) return <u32>-1;
    a = (a << 8) | <u32>v;
  }
  return a;
}

/**
 * inet_insert_ifa(): an address in the same subnet (same mask) as an
 * existing one becomes its secondary (EEXIST if it is the same address,
 * EINVAL if the scopes differ) and goes last; a primary goes after the
 * last primary whose scope is at least as wide.
 */
export function inetInsertIfa(dev: NetDevice, ifa: InIfaddr): i32 {
  const list = dev.inet;
  let lastPrimary = 0;
  const mask = ifa.mask();
  for (let i = 0; i < list.length; i++) {
    const o = unchecked(list[i]);
    if ((o.flags & IFA_F_SECONDARY) == 0 && ifa.scope <= o.scope) lastPrimary = i + 1;
    if (o.mask() == mask && ((o.local ^ ifa.local) & mask) == 0) {
      if (o.local == ifa.local) return -EEXIST;
      if (o.scope != ifa.scope) return -EINVAL;
      ifa.flags |= IFA_F_SECONDARY;
    }
  }
  if ((ifa.flags & IFA_F_SECONDARY) != 0) list.push(ifa);
  else insertAt<InIfaddr>(list, lastPrimary, ifa);
  return 0;
}

/**
 * inet_rtm_deladdr(): the address with this local address and prefix
 * length; deleting a primary deletes its secondaries too
 * (promote_secondaries is off by default). EADDRNOTAVAIL when none.
 */
export function inetDelIfa(dev: NetDevice, local: u32, prefixlen: i32): i32 {
  const list = dev.inet;
  for (let i = 0; i < list.length; i++) {
    const o = unchecked(list[i]);
    if (o.local != local || o.prefixlen != prefixlen) continue;
    list.splice(i, 1);
    if ((o.flags & IFA_F_SECONDARY) == 0) {
      const mask = o.mask();
      for (let k = list.length - 1; k >= 0; k--) {
        const s = unchecked(list[k]);
        if ((s.flags & IFA_F_SECONDARY) != 0 && s.mask() == mask && ((s.local ^ o.local) & mask) == 0) list.splice(k, 1);
      }
    }
    return 0;
  }
  return -EADDRNOTAVAIL;
}

/** ipv6_link_dev_addr(): kept in order of scope, widest first (a new one before the first as narrow or narrower). */
function addIpv6(dev: NetDevice, a: Inet6Ifaddr): void {
  const l = dev.inet6;
  for (let i = 0; i < l.length; i++) {
    if (unchecked(l[i]).groups.join(":") == a.groups.join(":")) return;
  }
  let i = 0;
  while (i < l.length && unchecked(l[i]).scope < a.scope) i++;
  insertAt<Inet6Ifaddr>(l, i, a);
}

function hexByte(mac: string, i: i32): u16 {
  return <u16>I32.parseInt(mac.substr(i * 3, 2), 16);
}

/** addrconf_addr_eui48(): fe80::/64 with the MAC's EUI-64 (universal/local bit flipped). */
function linkLocal(dev: NetDevice): Inet6Ifaddr {
  const g = new StaticArray<u16>(8);
  g[0] = 0xfe80;
  g[4] = ((hexByte(dev.addr, 0) ^ 0x02) << 8) | hexByte(dev.addr, 1);
  g[5] = (hexByte(dev.addr, 2) << 8) | 0xff;
  g[6] = 0xfe00 | hexByte(dev.addr, 3);
  g[7] = (hexByte(dev.addr, 4) << 8) | hexByte(dev.addr, 5);
  return new Inet6Ifaddr(g, 64, RT_SCOPE_LINK, IFA_F_PERMANENT);
}

/**
 * NETDEV_UP and NETDEV_CHANGE as devinet and addrconf see them: the
 * loopback device gets 127.0.0.1/8 (again, if it was deleted) and ::1; any
 * other device a link-local address once it is up with carrier.
 */
export function addrconfUp(dev: NetDevice): void {
  if (!dev.up()) return;
  if ((dev.flags & IFF_LOOPBACK) != 0) {
    inetInsertIfa(dev, new InIfaddr(0x7f000001, 8, RT_SCOPE_HOST, IFA_F_PERMANENT, dev.name));
    const g = new StaticArray<u16>(8);
    g[7] = 1;
    addIpv6(dev, new Inet6Ifaddr(g, 128, RT_SCOPE_HOST, IFA_F_PERMANENT));
    return;
  }
  if (dev.carrier) addIpv6(dev, linkLocal(dev));
}

/** addrconf_ifdown() on NETDEV_DOWN: IPv6 addresses go (keep_addr_on_down is 0); IPv4 ones stay. */
export function addrconfDown(dev: NetDevice): void {
  dev.inet6 = [];
}

/** NETDEV_UNREGISTER (the device leaves its namespace): every address goes. */
export function addrFlush(dev: NetDevice): void {
  dev.inet = [];
  dev.inet6 = [];
}
