// A Backend whose only task is this test process, reading the real file
// system with node:fs, so that ls, stat, mount, findmnt and id can be run on
// the same files as coreutils and util-linux and compared byte for byte.
// `self` replaces /proc/self (a helper process whose credentials id reads);
// `files` overrides what some paths read (a mountinfo for findmnt).
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Arg, Backend, CallResult, MachineConfig, SyscallName, TaskRef } from '../../host-backend/backend.ts';
import { DEFAULT_MACHINE } from '../../host-backend/backend.ts';
import { ERRNO } from '../../host-backend/errno.ts';

const errno = (e: unknown) => -((ERRNO as Record<string, number>)[(e as NodeJS.ErrnoException).code ?? ''] ?? ERRNO.EIO);

export class LocalFsBackend implements Backend {
  readonly kind = 'host' as const;
  constructor(private readonly opts: { self?: number; files?: Record<string, string> } = {}) {}
  async boot(): Promise<TaskRef> { return 1; }
  async machine(): Promise<MachineConfig> { return DEFAULT_MACHINE; }
  async pidOf(_v: TaskRef, t: TaskRef): Promise<number> { return t; }
  async close(): Promise<void> {}

  private path(p: string): string {
    return this.opts.self !== undefined ? p.replace(/^\/proc\/self(\/|$)/, `/proc/${this.opts.self}$1`) : p;
  }

  async call(_task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult> {
    const given = String(args[0]);
    const override = this.opts.files?.[given];
    const path = this.path(given);
    try {
      switch (name) {
        case 'read_file': {
          const text = override ?? readFileSync(path, 'latin1');
          return { ret: text.length, text };
        }
        case 'readlink': {
          const t = readlinkSync(path, 'latin1');
          return { ret: t.length, text: t };
        }
        case 'readdir': {
          const names = readdirSync(path, 'latin1').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          return { ret: names.length, text: names.join('\n') };
        }
        case 'lstat': {
          const s = lstatSync(path);
          const type = s.isFile() ? 'file' : s.isDirectory() ? 'directory' : s.isSymbolicLink() ? 'symlink' : s.isCharacterDevice() ? 'chardev' : 'other';
          return { ret: 0, text: `${type} ${(s.mode & 0o7777).toString(8).padStart(4, '0')} ${s.size} ${s.nlink} ${s.uid} ${s.gid}` };
        }
        case 'getuid': return { ret: process.getuid!() };
        case 'getgid': return { ret: process.getgid!() };
        default: return { ret: -ERRNO.ENOSYS };
      }
    } catch (e) {
      return { ret: errno(e) };
    }
  }
}
