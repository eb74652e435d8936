// net/core/rtnetlink.c, net/ipv4/devinet.c (inet_rtm_newaddr/deladdr):
// the rtnetlink requests `ip link` and `ip addr` send, as calls of the
// caller's network namespace, and the dumps they read back, as text.
//
// A request names the device as IFLA_IFNAME does (the kernel looks it up:
// ENODEV when absent). Every request needs CAP_NET_ADMIN over the owner of
// the caller's network namespace (netlink_net_capable(): EPERM).
//
// Differences from Linux: addresses are IPv4 (an IPv6 one gives ENOSYS);
// scope is what iproute2 chooses (host for 127.0.0.0/8, global otherwise);
// no broadcast, peer or lifetime attributes.

import { Task } from "../kernel/task";
import { NetNamespace } from "../ns/simple_namespaces";
import { UserNamespace, nsCapable } from "../ns/user_namespace";
import { netnsFromPath, nsfdErr } from "./nsfd";
import { EINVAL, ENODEV, ENOSYS, EOPNOTSUPP, EPERM } from "../include/uapi";
import { NetDevice, OPERSTATE_NAMES } from "./netdevice";
import { devChangeNetNamespace, devClose, devGetByName, devOpen, peernet2idAlloc } from "./dev";
import { vethDellink, vethNewlink } from "./veth";
import {
  InIfaddr, IFA_F_PERMANENT, RT_SCOPE_HOST, RT_SCOPE_UNIVERSE, inetDelIfa, inetInsertIfa, ipv4Text, ipv6Text, parseIPv4,
} from "./addrconf";

function capable(t: Task, net: NetNamespace): bool {
  return nsCapable(t.cred, changetype<UserNamespace>(net.owner));
}

function netOf(t: Task): NetNamespace {
  return t.nsproxy!.net;
}

/** RTM_NEWLINK with IFLA_LINKINFO kind "veth" and the peer's IFLA_IFNAME (`ip link add NAME type veth peer name PEER`). */
export function rtnlLinkAddVeth(t: Task, name: string, peer: string): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  return vethNewlink(net, name, peer);
}

/** RTM_DELLINK (`ip link del NAME`): a veth goes with its peer; the loopback device has no dellink (EOPNOTSUPP). */
export function rtnlLinkDel(t: Task, name: string): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  const dev = devGetByName(net, name);
  if (!dev) return -ENODEV;
  if (dev.kind != "veth") return -EOPNOTSUPP;
  vethDellink(dev);
  return 0;
}

/** RTM_NEWLINK changing IFF_UP (`ip link set NAME up|down`). */
export function rtnlLinkSet(t: Task, name: string, up: i32): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  const dev = devGetByName(net, name);
  if (!dev) return -ENODEV;
  if (up != 0) devOpen(dev);
  else devClose(dev);
  return 0;
}

/**
 * RTM_NEWLINK with IFLA_NET_NS_FD (`ip link set NAME netns PATH`): the
 * file is opened as the caller sees `path` (its errors), must be a network
 * namespace (EINVAL), and the caller needs CAP_NET_ADMIN over its owner
 * (EPERM) before the device is looked up.
 */
export function rtnlLinkSetns(t: Task, name: string, path: string): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  const target = netnsFromPath(t, path);
  if (!target) return nsfdErr;
  if (!capable(t, target)) return -EPERM;
  const dev = devGetByName(net, name);
  if (!dev) return -ENODEV;
  return devChangeNetNamespace(dev, target);
}

/** The address of `ip addr add|del ADDR dev NAME`, or null with -errno in addrErr. */
let addrErr: i32 = 0;
function parseCidr(cidr: string, dev: string): InIfaddr | null {
  addrErr = 0;
  if (cidr.includes(":")) { addrErr = -ENOSYS; return null; }
  const slash = cidr.indexOf("/");
  const a = parseIPv4(slash < 0 ? cidr : cidr.substring(0, slash));
  let len = 32;
  if (slash >= 0) {
    const p = cidr.substring(slash + 1);
    if (p.length == 0 || p.length > 2) { addrErr = -EINVAL; return null; }
    len = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) { addrErr = -EINVAL; return null; }
      len = len * 10 + (c - 48);
    }
  }
  if (a == <u32>-1 || len > 32) { addrErr = -EINVAL; return null; }
  const scope = (a >> 24) == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  return new InIfaddr(a, len, scope, IFA_F_PERMANENT, dev);
}

/** RTM_NEWADDR (`ip addr add ADDR/LEN dev NAME`): EEXIST for an address already there. */
export function rtnlAddrAdd(t: Task, name: string, cidr: string): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  const ifa = parseCidr(cidr, name);
  if (!ifa) return addrErr;
  const dev = devGetByName(net, name);
  if (!dev) return -ENODEV;
  return inetInsertIfa(dev, ifa);
}

/** RTM_DELADDR (`ip addr del ADDR/LEN dev NAME`): EADDRNOTAVAIL when the device has no such address. */
export function rtnlAddrDel(t: Task, name: string, cidr: string): i32 {
  const net = netOf(t);
  if (!capable(t, net)) return -EPERM;
  const ifa = parseCidr(cidr, name);
  if (!ifa) return addrErr;
  const dev = devGetByName(net, name);
  if (!dev) return -ENODEV;
  return inetDelIfa(dev, ifa.local, ifa.prefixlen);
}

function byIfindex(net: NetNamespace): NetDevice[] {
  const l = net.devices.slice(0);
  l.sort((a: NetDevice, b: NetDevice): i32 => a.ifindex - b.ifindex);
  return l;
}

/**
 * RTM_GETLINK dump (rtnl_fill_ifinfo()), one line per device in ifindex
 * order: "IFINDEX NAME FLAGS MTU QDISC OPERSTATE TXQLEN LINKMODE GROUP
 * TYPE ADDRESS BROADCAST LINK NETNSID KIND" — FLAGS ifi_flags in hex
 * (0x...), OPERSTATE by RFC 2863 name, TYPE ifi_type (ARPHRD_*), LINK
 * IFLA_LINK (0 when absent), NETNSID IFLA_LINK_NETNSID (-1 when absent),
 * KIND IFLA_INFO_KIND ("-" when none).
 */
export function rtnlLinkList(t: Task): string {
  const net = netOf(t);
  const l = byIfindex(net);
  let out = "";
  for (let i = 0; i < l.length; i++) {
    const d = unchecked(l[i]);
    const iflink = d.iflink();
    const p = d.peer;
    const nsid = p && p.net !== net ? peernet2idAlloc(net, p.net) : -1;
    out += d.ifindex.toString() + " " + d.name + " 0x" + d.getFlags().toString(16) + " " + d.mtu.toString() + " " + d.qdisc
      + " " + OPERSTATE_NAMES[d.reportedOperstate()] + " " + d.txqlen.toString() + " 0 0 " + d.type.toString()
      + " " + d.addr + " " + d.broadcast + " " + (iflink != d.ifindex ? iflink.toString() : "0") + " " + nsid.toString()
      + " " + (d.kind.length > 0 ? d.kind : "-") + "\n";
  }
  return out;
}

/**
 * RTM_GETADDR dump (AF_UNSPEC: every IPv4 address, then every IPv6 one;
 * devices in ifindex order, each device's addresses in its list's order),
 * one line each: "IFINDEX FAMILY ADDRESS/PREFIXLEN BROADCAST SCOPE FLAGS
 * LABEL" — FAMILY inet or inet6, BROADCAST "-" when absent, SCOPE the
 * rtm_scope number, FLAGS IFA_FLAGS in hex, LABEL "-" when absent (IPv6).
 */
export function rtnlAddrList(t: Task): string {
  const l = byIfindex(netOf(t));
  let out = "";
  for (let i = 0; i < l.length; i++) {
    const d = unchecked(l[i]);
    for (let k = 0; k < d.inet.length; k++) {
      const a = unchecked(d.inet[k]);
      out += d.ifindex.toString() + " inet " + ipv4Text(a.local) + "/" + a.prefixlen.toString() + " - " + a.scope.toString()
        + " 0x" + a.flags.toString(16) + " " + a.label + "\n";
    }
  }
  for (let i = 0; i < l.length; i++) {
    const d = unchecked(l[i]);
    for (let k = 0; k < d.inet6.length; k++) {
      const a = unchecked(d.inet6[k]);
      out += d.ifindex.toString() + " inet6 " + ipv6Text(a.groups) + "/" + a.prefixlen.toString() + " - " + a.scope.toString()
        + " 0x" + a.flags.toString(16) + " -\n";
    }
  }
  return out;
}
