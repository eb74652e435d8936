// The clone-flags playground's answer, asked of the kernel: the scenario is
// replayed to the shown step on a throwaway machine, the caller performs
// clone(flags) there, and the child's procfs is read against the caller's.
// Nothing about which flags share what is worked out here; the machine shown
// to the user is never touched.
import type { Backend, TaskRef } from '../../../host-backend/backend.ts';
import { errnoName } from '../../../host-backend/errno.ts';
import type { ScenarioRun } from '../../../host-backend/scenario/index.ts';
import { nsInode, numbers, parseStatus, readLink, readText } from '../../../host-backend/userland/procfs.ts';
import type { CloneTrial } from '../protocol.ts';

const LINKS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'] as const;

/**
 * `scratch` is a run of the loaded scenario on its own backend; it is
 * replayed to step `at` (boot and steps 1..at), then the call is made.
 * Afterwards the scratch machine differs from the scenario's: the next
 * trial replays again.
 */
export async function tryClone(scratch: ScenarioRun, b: Backend, at: number, actor: TaskRef, flags: number, init: TaskRef): Promise<CloneTrial> {
  const t0 = performance.now();
  await scratch.seek(at);
  const callerNs: Record<string, number> = {};
  for (const k of LINKS) callerNs[k] = nsInode((await readLink(b, init, `/proc/${actor}/ns/${k}`)) ?? undefined);
  const r = await b.call(actor, 'clone', [flags >>> 0]);
  const trial: CloneTrial = { actor, flags: flags >>> 0, value: r.ret < 0 ? `-${errnoName(r.ret)}` : String(r.ret), ms: 0 };
  if (r.ret < 0) trial.errno = errnoName(r.ret);
  else if (r.child !== undefined) {
    const child = r.child;
    // a thread is found under its thread group's task/ directory; the caller's tgid is read first
    const status = (await readText(b, init, `/proc/${child}/status`)) ?? '';
    const st = parseStatus(status);
    const ns: Record<string, { caller: number; child: number }> = {};
    for (const k of LINKS) ns[k] = { caller: callerNs[k], child: nsInode((await readLink(b, init, `/proc/${child}/ns/${k}`)) ?? undefined) };
    const [pid, ppid] = [await b.call(child, 'getpid', []), await b.call(child, 'getppid', [])];
    trial.child = {
      nspid: numbers(st.get('NSpid')),
      getpid: pid.ret,
      getppid: ppid.ret,
      tgid: Number(st.get('Tgid') ?? 0),
      ppid: Number(st.get('PPid') ?? 0),
      ns,
    };
  }
  trial.ms = Math.round(performance.now() - t0);
  return trial;
}
