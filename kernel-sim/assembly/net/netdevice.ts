// include/linux/netdevice.h, net/core/dev.c, net/core/link_watch.c: a
// network device, registered in one network namespace, and the state
// rtnetlink reports for it (flags as dev_get_flags() gives them, the
// operational state as RFC 2863 names it).
//
// Differences from Linux: no packets, queues or statistics (every counter
// is 0); operstate changes at once (link_watch runs immediately); the
// only kinds are the loopback device and veth pairs.

import { NetNamespace } from "../ns/simple_namespaces";
import { InIfaddr, Inet6Ifaddr } from "./addrconf";

// include/uapi/linux/if.h
export const IFF_UP: u32 = 0x1;
export const IFF_BROADCAST: u32 = 0x2;
export const IFF_LOOPBACK: u32 = 0x8;
export const IFF_RUNNING: u32 = 0x40;
export const IFF_MULTICAST: u32 = 0x1000;
export const IFF_LOWER_UP: u32 = 0x10000;

// include/uapi/linux/if_arp.h
export const ARPHRD_ETHER: i32 = 1;
export const ARPHRD_LOOPBACK: i32 = 772;

// RFC 2863 operational states (IF_OPER_*)
export const IF_OPER_UNKNOWN: i32 = 0;
export const IF_OPER_DOWN: i32 = 2;
export const IF_OPER_LOWERLAYERDOWN: i32 = 3;
export const IF_OPER_UP: i32 = 6;

export const OPERSTATE_NAMES: string[] = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"];

/** IFNAMSIZ: names are at most 15 bytes */
export const IFNAMSIZ: i32 = 16;

export class NetDevice {
  /** Invariant: unique in `net`; may change only when the device moves to another namespace. */
  ifindex: i32 = 0;
  name: string;
  /** the administrative flags (IFF_UP, IFF_BROADCAST, IFF_MULTICAST, IFF_LOOPBACK) */
  flags: u32;
  mtu: i32;
  type: i32;
  /** "aa:bb:cc:dd:ee:ff" */
  addr: string;
  broadcast: string;
  txqlen: i32 = 1000;
  /** "noop" until the device is first opened, then its default qdisc (noqueue for lo and veth: IFF_NO_QUEUE) */
  qdisc: string = "noop";
  /** the lower layer's carrier; the loopback device always has it */
  carrier: bool;
  /** operstate while running; reported as DOWN while the device is down */
  operstate: i32 = IF_OPER_UNKNOWN;
  /** rtnl_link_ops->kind: "veth", or "" for the loopback device */
  kind: string;
  /** the other end of a veth pair; Invariant: peer.peer == this while both are registered */
  peer: NetDevice | null = null;
  /** dev_net(): Invariant: net.devices holds this device */
  net: NetNamespace;
  /** IPv4 addresses in in_dev->ifa_list order */
  inet: InIfaddr[] = [];
  /** IPv6 addresses in idev->addr_list order */
  inet6: Inet6Ifaddr[] = [];

  constructor(net: NetNamespace, name: string, kind: string, flags: u32, mtu: i32, type: i32, addr: string, broadcast: string, carrier: bool) {
    this.net = net;
    this.name = name;
    this.kind = kind;
    this.flags = flags;
    this.mtu = mtu;
    this.type = type;
    this.addr = addr;
    this.broadcast = broadcast;
    this.carrier = carrier;
  }

  up(): bool {
    return (this.flags & IFF_UP) != 0;
  }

  /** dev_get_iflink(): the peer's ifindex for veth (0 once the peer is gone), its own otherwise. */
  iflink(): i32 {
    if (this.kind == "veth") {
      const p = this.peer;
      return p ? p.ifindex : 0;
    }
    return this.ifindex;
  }

  /** dev_get_flags(): RUNNING and LOWER_UP from the operational state and the carrier. */
  getFlags(): u32 {
    let f = this.flags & ~(IFF_RUNNING | IFF_LOWER_UP);
    if (this.up()) {
      if (this.operstate == IF_OPER_UP || this.operstate == IF_OPER_UNKNOWN) f |= IFF_RUNNING;
      if (this.carrier) f |= IFF_LOWER_UP;
    }
    return f;
  }

  /** IFLA_OPERSTATE: a device that is down reports DOWN. */
  reportedOperstate(): i32 {
    return this.up() ? this.operstate : IF_OPER_DOWN;
  }

  /**
   * netif_carrier_on/off() and link_watch's rfc2863_policy(): without
   * carrier a device whose iflink is another device's is LOWERLAYERDOWN,
   * with carrier UP. The loopback device never changes carrier and stays UNKNOWN.
   */
  setCarrier(on: bool): void {
    this.carrier = on;
    if (on) this.operstate = IF_OPER_UP;
    else this.operstate = this.iflink() != this.ifindex ? IF_OPER_LOWERLAYERDOWN : IF_OPER_DOWN;
  }
}

/** dev_valid_name(): not empty, at most 15 bytes, not "." or "..", no "/", ":" or white space. */
export function devValidName(name: string): bool {
  if (name.length == 0) return false;
  if (String.UTF8.byteLength(name, false) >= IFNAMSIZ) return false;
  if (name == "." || name == "..") return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c == 47 || c == 58 || c == 32 || (c >= 9 && c <= 13)) return false;
  }
  return true;
}

/** Two hex digits. */
export function hex2(n: i32): string {
  const s = (n & 0xff).toString(16);
  return s.length == 1 ? "0" + s : s;
}

/**
 * eth_random_addr(): a random unicast, locally administered address. The
 * model's "random" bytes come from a generator seeded at boot, so a run
 * is repeatable (normalisation renumbers addresses before comparing with
 * a real host).
 */
let seed: u32 = 0x2545f491;

export function randomReset(): void {
  seed = 0x2545f491;
}

function nextByte(): i32 {
  // xorshift32
  let x = seed;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  seed = x;
  return <i32>((x >> 24) & 0xff);
}

export function ethRandomAddr(): string {
  let out = hex2((nextByte() & 0xfe) | 0x02);
  for (let i = 1; i < 6; i++) out += ":" + hex2(nextByte());
  return out;
}
