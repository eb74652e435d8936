// The kernel's system call table: the only things that cross the wasm
// boundary. Integers in, a value or -errno out; strings for paths and text.
// Every task is named by its PID in the machine's initial PID namespace
// (`caller`, `viewer`, `target`). No input may trap: every argument is
// checked here or in the sys_* function before anything changes.
// Functions that return text return "" on failure and set last_errno().

export function machine_boot(cpus: i32, memory_mib: i32, cgroup_mode: i32, pid_levels_left: i32, hostname: string): i32 { return -38; }
export function sys_fork(caller: i32): i32 { return -38; }
export function sys_clone(caller: i32, flags: u32): i32 { return -38; }
export function last_child(): i32 { return 0; }
export function sys_exit(caller: i32, status: i32): i32 { return -38; }
export function sys_kill(caller: i32, pid: i32, sig: i32): i32 { return -38; }
export function sys_waitpid(caller: i32, pid: i32, options: i32): i32 { return -38; }
export function last_status(): i32 { return 0; }
export function sys_getpid(caller: i32): i32 { return -38; }
export function sys_getppid(caller: i32): i32 { return -38; }
export function sys_gettid(caller: i32): i32 { return -38; }
export function sys_unshare(caller: i32, flags: u32): i32 { return -38; }
export function sys_setns(caller: i32, path: string, nstype: u32): i32 { return -38; }
export function sys_sethostname(caller: i32, name: string): i32 { return -38; }
export function sys_setdomainname(caller: i32, name: string): i32 { return -38; }
export function sys_gethostname(caller: i32): string { return ""; }
export function sys_getdomainname(caller: i32): string { return ""; }
export function sys_mount(caller: i32, source: string, target: string, fstype: string, flags: u32, data: string): i32 { return -38; }
export function sys_umount2(caller: i32, target: string, flags: i32): i32 { return -38; }
export function sys_pivot_root(caller: i32, new_root: string, put_old: string): i32 { return -38; }
export function sys_chroot(caller: i32, path: string): i32 { return -38; }
export function sys_chdir(caller: i32, path: string): i32 { return -38; }
export function sys_mkdir(caller: i32, path: string, mode: i32): i32 { return -38; }
export function sys_set_comm(caller: i32, name: string): i32 { return -38; }
export function sys_ioctl_ns(caller: i32, path: string, request: i32): string { return ""; }
export function vfs_read(caller: i32, path: string): string { return ""; }
export function vfs_write(caller: i32, path: string, text: string): i32 { return -38; }
export function vfs_readlink(caller: i32, path: string): string { return ""; }
export function vfs_readdir(caller: i32, path: string): string { return ""; }
export function last_errno(): i32 { return -38; }
export function pid_of(viewer: i32, target: i32): i32 { return -38; }
export function kernel_check(): string { return ""; }
export function task_count(): i32 { return 0; }
