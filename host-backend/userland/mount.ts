// mount(8) without a device or mount point, util-linux 2.38.1: every entry
// of /proc/self/mountinfo in file order as "SOURCE on TARGET type FSTYPE
// (OPTIONS)" (mount.c print_all()), OPTIONS being the per-mount and
// per-superblock options merged as libmount merges them. Sources of pseudo
// file systems (all that an nslab machine has) are printed as they are;
// a bind mount shows no [root] here, unlike findmnt. `-t TYPES` filters as
// libmount's match_fstype(); `-l` adds labels, which pseudo file systems
// lack, so it prints the same. With a source or a target it mounts
// (mount-do.ts).
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { entryOptions, matchFstype, readMountinfo } from './mountinfo.ts';
import { mountCall, parseMountCall } from './mount-do.ts';
import { strerror } from './strerror.ts';

interface MountListOptions {
  types: string | null;
}

export function parseMount(argv: readonly string[]): MountListOptions | string {
  // with a source or target it is a mount(2) call (mount-do.ts)
  const call = parseMountCall(argv);
  if (call !== null) return typeof call === 'string' ? call : { types: null };
  const o: MountListOptions = { types: null };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a === '--types') {
      const v = argv[++i];
      if (v === undefined) return `mount: option requires an argument -- '${a === '-t' ? 't' : 'types'}'`;
      o.types = v;
    } else if (a.startsWith('--types=')) o.types = a.slice(8);
    else if (a.startsWith('-t') && a.length > 2) o.types = a.slice(2);
    else if (a === '-l' || a === '--show-labels') continue;
    else return `mount: unsupported argument ${a}`;
  }
  return o;
}

export async function mount(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const call = parseMountCall(argv);
  if (typeof call === 'string') return { ret: call.includes('/etc/fstab') ? -ERRNO.ENOENT : -ERRNO.EINVAL, output: call + '\n' };
  if (call !== null) return mountCall(b, task, call);
  const o = parseMount(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  const table = await readMountinfo(b, task);
  if (typeof table === 'number') return { ret: table, output: `mount: failed to read mtab: ${strerror(table)}\n` };
  let output = '';
  for (const e of table) {
    if (o.types !== null && !matchFstype(e.fstype, o.types)) continue;
    output += `${e.source} on ${e.target} type ${e.fstype} (${entryOptions(e)})\n`;
  }
  return { ret: 0, output };
}
