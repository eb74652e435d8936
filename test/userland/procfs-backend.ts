// A Backend that only reads: /proc files, links and directories captured
// from a real Linux machine (fixtures/linux-procfs.json), so that userland
// can be checked against what procps and util-linux print from the same files.
import type { Arg, Backend, CallResult, MachineConfig, SyscallName, TaskRef } from '../../host-backend/backend.ts';
import { DEFAULT_MACHINE } from '../../host-backend/backend.ts';
import { ERRNO } from '../../host-backend/errno.ts';

export interface Capture {
  /** path → contents, or "@target" for a symbolic link */
  files: Record<string, string>;
  dirs: Record<string, string[]>;
}

export class ProcfsBackend implements Backend {
  readonly kind = 'host' as const;
  constructor(private readonly cap: Capture) {}
  async boot(): Promise<TaskRef> { return 1; }
  async machine(): Promise<MachineConfig> { return DEFAULT_MACHINE; }
  async pidOf(_v: TaskRef, t: TaskRef): Promise<number> { return t; }
  async close(): Promise<void> {}
  async call(_task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult> {
    const path = String(args[0]);
    const f = this.cap.files[path];
    switch (name) {
      case 'read_file':
        if (f === undefined || f.startsWith('@')) return { ret: -ERRNO.ENOENT };
        return { ret: f.length, text: f };
      case 'readlink':
        if (f === undefined || !f.startsWith('@')) return { ret: -ERRNO.ENOENT };
        return { ret: f.length - 1, text: f.slice(1) };
      case 'readdir': {
        const d = this.cap.dirs[path];
        return d ? { ret: d.length, text: d.join('\n') } : { ret: -ERRNO.ENOENT };
      }
      case 'ioctl_ns':
        return { ret: -ERRNO.EPERM };
      default:
        return { ret: -ERRNO.ENOSYS };
    }
  }
}
