// net/core/dev.c: registering devices in a network namespace (names,
// ifindex), opening and closing them, and moving them to another
// namespace (dev_change_net_namespace()); net/core/net_namespace.c: the
// ids a namespace gives its peers (peernet2id_alloc()).

import { NetNamespace } from "../ns/simple_namespaces";
import { NetDevice, IFF_UP, IFF_LOOPBACK, devValidName } from "./netdevice";
import { addrconfDown, addrconfUp, addrFlush } from "./addrconf";
import { EEXIST, EINVAL } from "../include/uapi";
import { ENFILE } from "./uapi";

export function devGetByName(net: NetNamespace, name: string): NetDevice | null {
  const l = net.devices;
  for (let i = 0; i < l.length; i++) if (unchecked(l[i]).name == name) return unchecked(l[i]);
  return null;
}

export function devGetByIndex(net: NetNamespace, ifindex: i32): NetDevice | null {
  const l = net.devices;
  for (let i = 0; i < l.length; i++) if (unchecked(l[i]).ifindex == ifindex) return unchecked(l[i]);
  return null;
}

/**
 * dev_prep_valid_name(): a name with "%d" takes the lowest free number
 * (__dev_alloc_name()); any other "%" is EINVAL, an invalid name EINVAL,
 * a name in use EEXIST. The name, or "" with -errno in nameErr.
 */
export let nameErr: i32 = 0;
export function devPrepName(net: NetNamespace, name: string): string {
  nameErr = 0;
  const p = name.indexOf("%");
  if (p >= 0) {
    if (!devValidName(name) || name.charAt(p + 1) != "d" || name.indexOf("%", p + 2) >= 0) { nameErr = -EINVAL; return ""; }
    for (let i = 0; i < 32768; i++) {
      const n = name.substring(0, p) + i.toString() + name.substring(p + 2);
      if (!devValidName(n)) break;
      if (!devGetByName(net, n)) return n;
    }
    nameErr = -ENFILE;
    return "";
  }
  if (!devValidName(name)) { nameErr = -EINVAL; return ""; }
  if (devGetByName(net, name)) { nameErr = -EEXIST; return ""; }
  return name;
}

/** dev_index_reserve(): `want` if free (and > 0), else the next free one from net->ifindex, cyclically. */
function indexReserve(net: NetNamespace, want: i32): i32 {
  if (want > 0 && !devGetByIndex(net, want)) return want;
  let i = net.ifindexNext;
  while (devGetByIndex(net, i)) i = i == 0x7fffffff ? 1 : i + 1;
  net.ifindexNext = i == 0x7fffffff ? 1 : i + 1;
  return i;
}

/** register_netdevice(): the device joins the end of net's list with an ifindex. */
export function registerNetdevice(net: NetNamespace, dev: NetDevice, wantIfindex: i32): void {
  dev.net = net;
  dev.ifindex = indexReserve(net, wantIfindex);
  net.devices.push(dev);
}

/** unregister_netdevice(): closed, its addresses gone, out of its namespace's list. */
export function unregisterNetdevice(dev: NetDevice): void {
  devClose(dev);
  addrFlush(dev);
  const l = dev.net.devices;
  const i = l.indexOf(dev);
  if (i >= 0) l.splice(i, 1);
}

/** dev_open(): IFF_UP, the default qdisc attached, then NETDEV_UP (the driver's ndo_open runs first). */
export function devOpen(dev: NetDevice): void {
  if (dev.up()) return;
  dev.flags |= IFF_UP;
  dev.qdisc = "noqueue";
  if (dev.kind == "veth") {
    // veth_open(): both ends get carrier once both are up
    const p = dev.peer;
    if (p && p.up()) {
      dev.setCarrier(true);
      p.setCarrier(true);
      addrconfUp(p);
    }
  }
  addrconfUp(dev);
}

/** dev_close(): the driver's ndo_stop, then NETDEV_DOWN. */
export function devClose(dev: NetDevice): void {
  if (!dev.up()) return;
  if (dev.kind == "veth") {
    // veth_close(): both ends lose carrier
    dev.setCarrier(false);
    const p = dev.peer;
    if (p) p.setCarrier(false);
  }
  dev.flags &= ~IFF_UP;
  addrconfDown(dev);
}

/**
 * dev_change_net_namespace(): nothing for its own namespace; EINVAL for a
 * device whose namespace is immutable (the loopback device); EEXIST
 * when the name is taken there. The device is closed, loses its
 * addresses, keeps its ifindex if free there, and the old namespace gives
 * the new one an id (reported as link-netnsid).
 */
export function devChangeNetNamespace(dev: NetDevice, net: NetNamespace): i32 {
  // do_setlink() moves only to another namespace: its own is no change, even for lo
  const old = dev.net;
  if (old === net) return 0;
  if ((dev.flags & IFF_LOOPBACK) != 0) return -EINVAL;
  if (devGetByName(net, dev.name)) return -EEXIST;
  peernet2idAlloc(old, net);
  unregisterNetdevice(dev);
  registerNetdevice(net, dev, dev.ifindex);
  return 0;
}

/** peernet2id_alloc(): the id `net` gives `peer`, allocated (lowest free) on first use; -1 for itself. */
export function peernet2idAlloc(net: NetNamespace, peer: NetNamespace): i32 {
  if (net === peer) return -1;
  if (net.nsids.has(peer)) return net.nsids.get(peer);
  const used = net.nsids.values();
  let id = 0;
  while (used.includes(id)) id++;
  net.nsids.set(peer, id);
  return id;
}

/** A dying namespace's id goes from every other namespace's table. */
export function nsidsForget(dead: NetNamespace, all: NetNamespace[]): void {
  for (let i = 0; i < all.length; i++) {
    const n = unchecked(all[i]);
    if (n.nsids.has(dead)) n.nsids.delete(dead);
  }
}
