// drivers/net/veth.c: a pair of virtual Ethernet devices, each the other's
// peer; what one sends the other receives (no packets here). Created
// together in one namespace; either end may then move to another.

import { NetNamespace } from "../ns/simple_namespaces";
import { NetDevice, ARPHRD_ETHER, IFF_BROADCAST, IFF_MULTICAST, ethRandomAddr } from "./netdevice";
import { devGetByName, devPrepName, nameErr, registerNetdevice, unregisterNetdevice } from "./dev";
import { EEXIST } from "../include/uapi";

const VETH_NAME = "veth%d";
/** ETH_DATA_LEN */
const VETH_MTU: i32 = 1500;

function vethDevice(net: NetNamespace, name: string): NetDevice {
  return new NetDevice(net, name, "veth", IFF_BROADCAST | IFF_MULTICAST, VETH_MTU, ARPHRD_ETHER, ethRandomAddr(),
    "ff:ff:ff:ff:ff:ff", false);
}

/**
 * rtnl_newlink() + veth_newlink(): "" names are "veth%d". The device's
 * name is checked first (EEXIST under NLM_F_EXCL), then the peer is
 * registered (its name EINVAL/EEXIST) and gets the lower ifindex, then the
 * device. Both start down, without carrier. 0 or -errno.
 */
export function vethNewlink(net: NetNamespace, name: string, peerName: string): i32 {
  const n = name.length == 0 ? VETH_NAME : name;
  if (!n.includes("%") && devGetByName(net, n)) return -EEXIST;
  const pn = devPrepName(net, peerName.length == 0 ? VETH_NAME : peerName);
  if (nameErr < 0) return nameErr;
  const peer = vethDevice(net, pn);
  registerNetdevice(net, peer, 0);
  const dn = devPrepName(net, n);
  if (nameErr < 0) {
    unregisterNetdevice(peer);
    return nameErr;
  }
  const dev = vethDevice(net, dn);
  registerNetdevice(net, dev, 0);
  dev.peer = peer;
  peer.peer = dev;
  peer.setCarrier(false);
  dev.setCarrier(false);
  return 0;
}

/** veth_dellink(): both ends go, wherever the peer is. */
export function vethDellink(dev: NetDevice): void {
  const p = dev.peer;
  unregisterNetdevice(dev);
  dev.peer = null;
  if (p) {
    p.peer = null;
    unregisterNetdevice(p);
  }
}
