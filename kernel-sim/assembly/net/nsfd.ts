// The network namespace behind a file a task opens (get_net_ns_by_fd()):
// a /proc/T/ns/net link or a bind mount of one. Errors are open(2)'s for
// the path, then EINVAL for a file that is no network namespace.

import { Task } from "../kernel/task";
import { NetNamespace } from "../ns/simple_namespaces";
import { NS_NET } from "../ns/ns_common";
import { pathLookup, nameiErr } from "../fs/namei";
import { pseudoErr } from "../fs/pseudo";
import { EINVAL } from "../include/uapi";

/** -errno of the last failed netnsFromPath() */
export let nsfdErr: i32 = 0;

export function netnsFromPath(t: Task, path: string): NetNamespace | null {
  nsfdErr = 0;
  const nd = pathLookup(t, path, true);
  if (!nd) { nsfdErr = -nameiErr; return null; }
  const node = nd.node;
  if (!node) { nsfdErr = -EINVAL; return null; }
  const ns = node.nsTarget();
  if (!ns) { nsfdErr = -pseudoErr; return null; }
  if (ns.type != NS_NET) { nsfdErr = -EINVAL; return null; }
  return changetype<NetNamespace>(ns);
}
