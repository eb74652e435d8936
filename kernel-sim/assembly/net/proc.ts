// net/core/net-procfs.c: /proc/net/dev, the devices of the reading task's
// network namespace in registration order (for_each_netdev) with their
// counters — all 0 here, as no packet ever moves.

import { NetNamespace } from "../ns/simple_namespaces";

const HEADER = "Inter-|   Receive                                                |  Transmit\n"
  + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

/** dev_seq_printf_stats(): "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n" */
const ZEROS = "       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n";

export function procNetDev(net: NetNamespace): string {
  let out = HEADER;
  const l = net.devices;
  for (let i = 0; i < l.length; i++) {
    let n = unchecked(l[i]).name;
    while (n.length < 6) n = " " + n;
    out += n + ":" + ZEROS;
  }
  return out;
}
