// unshare, nsenter and chroot on the simulator: which task ends up where,
// what is left running, and what each prints (the same scenarios pass
// `nslab diff` against the real kernel: scenarios/userland/).
import { describe, expect, it } from 'vitest';
import { simRun } from './sim-helpers.ts';

const lines = (s: string) => s.trimEnd().split('\n');

describe('unshare(1)', () => {
  it('--pid --fork --mount-proc -> u: u is PID 1 and alone in its /proc; the unshare task stays its parent', async () => {
    const { out, results } = await simRun([
      'init: fork() -> sh',
      'sh: unshare --pid --fork --mount-proc -> u',
      'u: ps',
      'u: getpid()',
      'init: ps',
      'u: readlink /proc/self/ns/pid',
      'init: readlink /proc/2/ns/pid_for_children',
      'init: readlink /proc/2/ns/mnt',
      'init: readlink /proc/3/ns/mnt',
      'init: readlink /proc/1/ns/mnt',
    ].join('\n'));
    expect(lines(out(3))).toEqual(['    PID    PPID STAT COMMAND', '      1       0 R    u']);
    expect(results[3].ret).toBe(1);
    expect(lines(out(5))).toEqual([
      '    PID    PPID STAT COMMAND', '      1       0 Rs   init', '      2       1 S    sh', '      3       2 S    u',
    ]);
    expect(out(6)).toBe(out(7));
    // sh unshared the mount namespace (u shares it); init kept its own
    expect(out(8)).toBe(out(9));
    expect(out(8)).not.toBe(out(10));
  });

  it('without --mount-proc the new PID namespace still reads the outer /proc (pid_namespaces(7))', async () => {
    const { out } = await simRun('init: fork() -> sh\nsh: unshare -pf -> u\nu: readlink /proc/self\nu: getpid() == 1');
    expect(out(3)).toBe('3\n');
  });

  it('with a program: it runs in children that are gone after the step; the shell is unchanged', async () => {
    const { out, results } = await simRun([
      'init: readlink /proc/self/ns/uts',
      'init: unshare --uts --pid --fork --mount-proc ps',
      'init: unshare --uts hostname inner',
      'init: hostname',
      'init: readlink /proc/self/ns/uts',
      'init: ps',
      'init: waitpid(-1, WNOHANG) == -ECHILD',
    ].join('\n'));
    expect(lines(out(2))).toEqual(['    PID    PPID STAT COMMAND', '      1       0 R    ps']);
    expect(out(4)).toBe('nslab\n');
    expect(out(5)).toBe(out(1));
    expect(lines(out(6))).toEqual(['    PID    PPID STAT COMMAND', '      1       0 Rs   init']);
    expect(results[6].pass).toBe(true);
  });

  it('without a program or --fork the task itself enters the namespaces (exec unshare)', async () => {
    const { out } = await simRun('init: fork() -> c\nc: unshare --uts\nc: hostname box\nc: hostname\ninit: hostname');
    expect(out(4)).toBe('box\n');
    expect(out(5)).toBe('nslab\n');
  });

  it('-r maps the caller to root: "0 UID 1", setgroups denied, gid_map "0 GID 1"', async () => {
    const { out } = await simRun([
      'init: unshare -r cat /proc/self/uid_map', 'init: unshare -r cat /proc/self/gid_map', 'init: unshare -r cat /proc/self/setgroups',
      'init: unshare -r id', 'init: unshare -U id', 'init: unshare --map-user=7 --map-group=8 id -u',
    ].join('\n'));
    expect(out(1)).toBe('         0          0          1\n');
    expect(out(2)).toBe('         0          0          1\n');
    expect(out(3)).toBe('deny\n');
    expect(out(4)).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(out(5)).toBe('uid=65534 gid=65534 groups=65534\n');
    expect(out(6)).toBe('7\n');
  });

  it('--propagation and the failures unshare.c reports', async () => {
    const { out, results } = await simRun([
      'init: unshare -m --propagation shared cat /proc/self/mountinfo',
      'init: unshare -m -R /nope ls',
      'init: unshare -m -w /nope ls',
      'init: unshare -m --mount-proc=/nope ls',
    ].join('\n'));
    expect(out(1).split('\n')[0]).toMatch(/ \/ \/ rw,nosuid,nodev,relatime shared:\d+ - tmpfs /);
    expect(out(2)).toBe("unshare: cannot change root directory to '/nope': No such file or directory\n");
    expect(out(3)).toBe("unshare: cannot chdir to '/nope': No such file or directory\n");
    expect(out(4)).toBe('unshare: mount /nope failed: No such file or directory\n');
    expect(results.slice(1).map((r) => r.errno)).toEqual(['ENOENT', 'ENOENT', 'ENOENT']);
  });
});

describe('nsenter(1)', () => {
  it('-t PID --pid --mount -> n: n is in the target\'s namespaces; the nsenter task joined them too', async () => {
    const { out } = await simRun([
      'init: fork() -> sh',
      'sh: unshare --pid --uts --fork --mount-proc -> c',
      'c: hostname container',
      'init: fork() -> admin',
      'admin: nsenter -t 3 --pid --mount --uts -> n',
      'n: ps',
      'n: readlink /proc/self/ns/pid',
      'c: readlink /proc/self/ns/pid',
      'admin: hostname',
      'n: getpid()',
    ].join('\n'));
    expect(lines(out(6))).toEqual(['    PID    PPID STAT COMMAND', '      1       0 S    c', '      2       0 R    n']);
    expect(out(7)).toBe(out(8));
    expect(out(9)).toBe('container\n');
  });

  it('with a program the shell stays outside; a missing target is reported as nsenter does', async () => {
    const { out, results } = await simRun([
      'init: fork() -> sh', 'sh: unshare -u -p -f --mount-proc -> c', 'c: hostname box',
      'init: nsenter -t 3 -u hostname', 'init: hostname', 'init: nsenter -t 3 -a ps', 'init: nsenter -t 42 -m ls',
    ].join('\n'));
    expect(out(4)).toBe('box\n');
    expect(out(5)).toBe('nslab\n');
    expect(lines(out(6))).toEqual(['    PID    PPID STAT COMMAND', '      1       0 S    c', '      2       0 R    ps']);
    expect(out(7)).toBe('nsenter: cannot open /proc/42/ns/mnt: No such file or directory\n');
    expect(results[6].errno).toBe('ENOENT');
  });
});

describe('chroot(8)', () => {
  it('with a command the shell keeps its root; without one the task changes its own', async () => {
    const { out } = await simRun([
      'init: chroot /var/lib/lxc/busybox/rootfs readlink /sbin/init',
      'init: readlink /proc/self/root',
      'init: fork() -> box',
      'box: chroot /var/lib/lxc/busybox/rootfs',
      'init: readlink /proc/3/root',
      'init: chroot /etc/passwd ls',
      'init: chroot /var/lib/lxc/busybox/rootfs id',
    ].join('\n'));
    expect(out(1)).toBe('../bin/busybox\n');
    expect(out(2)).toBe('/\n');
    expect(out(5)).toBe('/var/lib/lxc/busybox/rootfs\n');
    expect(out(6)).toBe("chroot: cannot change root directory to '/etc/passwd': Not a directory\n");
    // no proc inside: id falls back on getuid/getgid
    expect(out(7)).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
  });
});

describe('ls -l, stat, findmnt on the simulator', () => {
  it('the busybox container\'s /bin and /sbin/init', async () => {
    const { out } = await simRun([
      'init: ls -l /var/lib/lxc/busybox/rootfs/bin', 'init: stat -c "%N %F %h" /sbin/init /bin/busybox', 'init: ls -ld /tmp /proc',
    ].join('\n'));
    expect(lines(out(1))).toEqual([
      'total 1964',
      '-rwxr-xr-x 2 root root 2008936 Jan  1  1970 busybox',
      'lrwxrwxrwx 1 root root       7 Jan  1  1970 sh -> busybox',
    ]);
    expect(lines(out(2))).toEqual(["'/sbin/init' -> '../bin/busybox' symbolic link 1", "'/bin/busybox' regular file 2"]);
    expect(lines(out(3))).toEqual(['dr-xr-xr-x 2 root root  0 Jan  1  1970 /proc', 'drwxrwxrwt 2 root root 40 Jan  1  1970 /tmp']);
  });
});

describe('hostile command lines', () => {
  it('no word list makes a command throw: usage errors are values, runs end with a value', async () => {
    const { loadSimBackend } = await import('../../host-backend/sim-backend.ts');
    const { checkCommand, runCommand } = await import('../../host-backend/userland/command.ts');
    const b = await loadSimBackend({ debug: true });
    const init = await b.boot();
    const words = ['-', '--', '-t', '-o', '%', '%-', '%9999', '-c', '=', '--root=', '--mount-proc=', '-p', '-f', '-R', '/', '/nope', '\0',
      '-LL', '--output=+', '--map-user=x', '-t1', '+', 'ls', 'ps', 'unshare', 'chroot', 'id', 'stat', 'findmnt', 'mount', 'nsenter', '-a', '-U'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (const cmd of ['ls', 'stat', 'findmnt', 'mount', 'id', 'chroot', 'unshare', 'nsenter']) {
      for (let i = 0; i < 60; i++) {
        const argv = [cmd, ...Array.from({ length: rnd(5) }, () => words[rnd(words.length)])];
        const usage = checkCommand(argv);
        const r = await runCommand(b, init, argv);
        expect(typeof r.ret).toBe('number');
        if (usage) expect(r.output).toBe(usage + '\n');
      }
    }
  }, 60_000);
});

describe('credentials set by nsenter and unshare', () => {
  it('nsenter -U sets uid and gid 0 in the entered namespace (unless --preserve-credentials); -S/-G others', async () => {
    const { out } = await simRun([
      'init: fork() -> sh',
      'sh: unshare --user --fork -> u',
      'init: write_file("/proc/3/uid_map", "0 1000 1")',
      'init: write_file("/proc/3/setgroups", "deny")',
      'init: write_file("/proc/3/gid_map", "0 1000 1")',
      'init: nsenter -t 3 -U id',
      'init: nsenter -t 3 -U --preserve-credentials id',
      'init: nsenter -t 3 -U -S 5 id',
      'init: fork() -> sh2',
      'sh2: nsenter -t 3 -U -p -> n',
      'n: id -u',
      'init: cat /proc/8/status',
      'init: unshare -r -S 7 id',
    ].join('\n'));
    expect(out(6)).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(out(7)).toBe('uid=65534 gid=65534 groups=65534\n');
    expect(out(8)).toBe('nsenter: setuid failed: Invalid argument\n');
    expect(out(11)).toBe('0\n');
    expect(out(12)).toMatch(/\nUid:\t1000\t1000\t1000\t1000\n/);
    expect(out(13)).toBe('unshare: setuid failed: Invalid argument\n');
  });
});
