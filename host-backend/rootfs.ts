// The root file system of a fresh nslab machine, as data: the real-host
// agent builds it in a scratch tmpfs for every sandbox, and the simulator can
// build the same tree from it. Paths are absolute in the machine.
//
// Like a small distribution's root with LXC's busybox container below
// /var/lib/lxc/busybox/rootfs (the seed lab's paths): a static busybox,
// /bin/sh and /sbin/init as links to it, /etc/passwd and /etc/group, and the
// mount points of /proc, /sys and /tmp.

export type RootfsNode =
  /** a directory */
  | { kind: 'dir'; path: string; mode: number }
  /** a regular file with the given text */
  | { kind: 'file'; path: string; mode: number; text: string }
  /** a symbolic link */
  | { kind: 'symlink'; path: string; target: string }
  /** a copy of a file of the host (the host agent copies it; the simulator only needs its presence) */
  | { kind: 'host-file'; path: string; mode: number; from: string }
  /** a hard link to a file listed before */
  | { kind: 'link'; path: string; to: string };

export type RootfsMount =
  /** a new file system instance (mount(2) with source and fstype) */
  | { kind: 'fs'; source: string; target: string; fstype: string; flags: number; data: string }
  /** a bind mount of a host device node (the sandbox cannot make device nodes) */
  | { kind: 'bind-host'; from: string; target: string };

const BUSYBOX = '/bin/busybox';
const LXC = '/var/lib/lxc/busybox/rootfs';

/** Busybox applets linked in /bin (what the lab runs); every one runs busybox. */
export const BIN_APPLETS = [
  'sh', 'ash', 'cat', 'echo', 'hostname', 'ls', 'mkdir', 'mount', 'umount', 'ps', 'sleep', 'true',
  'false', 'uname', 'id', 'kill', 'pwd', 'readlink', 'rm', 'touch', 'env', 'nsenter', 'unshare',
  'chroot', 'pivot_root', 'grep', 'head', 'wc',
] as const;

const dir = (path: string, mode = 0o755): RootfsNode => ({ kind: 'dir', path, mode });

export const ROOTFS_NODES: readonly RootfsNode[] = [
  dir('/bin'), dir('/sbin'), dir('/etc'), dir('/root', 0o700), dir('/home'),
  dir('/proc', 0o555), dir('/sys', 0o555), dir('/dev'), dir('/tmp', 0o1777), dir('/mnt'),
  dir('/usr'), dir('/usr/bin'), dir('/usr/sbin'), dir('/var'), dir('/var/lib'), dir('/var/lib/lxc'),
  dir('/var/lib/lxc/busybox'), dir(LXC),
  { kind: 'host-file', path: BUSYBOX, mode: 0o755, from: '/bin/busybox' },
  ...BIN_APPLETS.map((a): RootfsNode => ({ kind: 'symlink', path: `/bin/${a}`, target: 'busybox' })),
  { kind: 'symlink', path: '/sbin/init', target: '../bin/busybox' },
  { kind: 'file', path: '/etc/passwd', mode: 0o644, text: 'root:x:0:0:root:/root:/bin/sh\n' },
  { kind: 'file', path: '/etc/group', mode: 0o644, text: 'root:x:0:\n' },
  { kind: 'file', path: '/etc/hostname', mode: 0o644, text: 'nslab\n' },
  // LXC's busybox template: its own root with the same busybox
  ...['bin', 'sbin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'mnt', 'var'].map((d) => dir(`${LXC}/${d}`, d === 'proc' || d === 'sys' ? 0o555 : 0o755)),
  { kind: 'link', path: `${LXC}/bin/busybox`, to: BUSYBOX },
  { kind: 'symlink', path: `${LXC}/bin/sh`, target: 'busybox' },
  { kind: 'symlink', path: `${LXC}/sbin/init`, target: '../bin/busybox' },
  { kind: 'file', path: `${LXC}/etc/passwd`, mode: 0o644, text: 'root:x:0:0:root:/root:/bin/sh\n' },
  { kind: 'file', path: `${LXC}/etc/group`, mode: 0o644, text: 'root:x:0:\n' },
];

const MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_RDONLY = 1;

/**
 * The machine's mounts, after its root (a tmpfs), in order. The cgroup
 * hierarchies below /sys/fs/cgroup depend on the host's cgroup mode and are
 * added by `cgroupMounts`.
 */
export const ROOTFS_MOUNTS: readonly RootfsMount[] = [
  { kind: 'fs', source: 'proc', target: '/proc', fstype: 'proc', flags: MS_NOSUID | MS_NODEV | MS_NOEXEC, data: '' },
  { kind: 'fs', source: 'sysfs', target: '/sys', fstype: 'sysfs', flags: MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, data: '' },
  ...['null', 'zero', 'full', 'random', 'urandom'].map((d): RootfsMount => ({ kind: 'bind-host', from: `/dev/${d}`, target: `/dev/${d}` })),
];

/** The root file system's own mount. */
export const ROOT_MOUNT = { source: 'tmpfs', fstype: 'tmpfs', flags: MS_NOSUID | MS_NODEV, data: 'mode=755' } as const;

/** A cgroup hierarchy as the machine mounts it. */
export interface CgroupHierarchyMount {
  /** directory name below /sys/fs/cgroup ("cpu,cpuacct", "pids", "systemd", "unified") */
  dir: string;
  version: 1 | 2;
  /** mount(2) data: the v1 controllers ("pids", "none,name=systemd"); empty for v2 */
  options: string;
}

/**
 * /sys/fs/cgroup as systemd lays it out: v2 alone mounts cgroup2 there;
 * v1 and hybrid put a tmpfs there with one directory per hierarchy
 * (hybrid adds cgroup2 at "unified").
 */
export function cgroupMounts(hierarchies: readonly CgroupHierarchyMount[]): RootfsMount[] {
  const base = '/sys/fs/cgroup';
  const flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  const only = hierarchies.length === 1 && hierarchies[0]!.version === 2;
  if (only) return [{ kind: 'fs', source: 'cgroup2', target: base, fstype: 'cgroup2', flags, data: '' }];
  return [
    { kind: 'fs', source: 'tmpfs', target: base, fstype: 'tmpfs', flags, data: 'mode=755' },
    ...hierarchies.map((h): RootfsMount => ({
      kind: 'fs', source: h.version === 2 ? 'cgroup2' : 'cgroup', target: `${base}/${h.dir}`,
      fstype: h.version === 2 ? 'cgroup2' : 'cgroup', flags, data: h.options,
    })),
  ];
}
