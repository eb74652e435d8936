// ls -l, stat -c, mount, findmnt and id print exactly what coreutils 9.1 and
// util-linux 2.38.1 print for the same files: our commands read this
// machine's file system through LocalFsBackend while the real tools run
// beside them. The files are made in a tmpfs (/dev/shm) with every time set
// to the epoch (ls's times are the epoch in nslab: lstat's text has none).
// Needs root (mknod, chown, setpriv); skipped with the reason otherwise.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../host-backend/userland/command.ts';
import { mergeOptions } from '../../host-backend/userland/mountinfo.ts';
import { simRun } from './sim-helpers.ts';
import { LocalFsBackend } from './local-fs-backend.ts';

const root = process.getuid?.() === 0;
if (!root) console.log('fs-formats: skipped, the comparisons with the real tools need root (mknod, chown, setpriv)');
// a UTF-8 locale, as a lecturer's terminal has (findmnt draws its tree with └─ ├─ │ there)
const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' };
const real = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const x = e as { stdout: string; stderr: string };
    return x.stderr + x.stdout;
  }
};
const ours = async (argv: string[], b = new LocalFsBackend()) => (await runCommand(b, 1, argv)).output;

describe.runIf(root)('ls and stat as coreutils 9.1 print them', () => {
  let base = '';
  let top = '';
  beforeAll(() => {
    base = mkdtempSync('/dev/shm/nslab-ls-');
    top = `${base}/top`;
    const sh = (s: string) => execFileSync('sh', ['-c', s], { env: { ...env, T: top } });
    sh(`mkdir "$T" && cd "$T" && mkdir d && mkdir -m 1777 t && mkdir -m 2750 g && printf 'hi\\n' > f && ln f h && ln -s f l &&
      ln -s $(printf 'x%.0s' $(seq 1 127)) l127 && ln -s $(printf 'y%.0s' $(seq 1 128)) l128 && : > e &&
      head -c 10000 /dev/zero > big && chmod 4755 big && mknod null c 1 3 && chmod 666 null &&
      : > nobody && chown 65534:65534 nobody && : > anon && chown 12345:54321 anon && ln -s d dl &&
      touch -h -d @0 . * ..`);
  });
  afterAll(() => { if (base) rmSync(base, { recursive: true, force: true }); });

  const cases = () => [
    ['-l', top], ['-la', top], ['-ln', top], ['-l', `${top}/f`, `${top}/l`, `${top}/null`], ['-ld', top, `${top}/d`],
    ['-l', `${top}/d`, `${top}/t`], ['-l', `${top}/dl`], [`${top}/dl`], ['-a', top], ['-l', `${top}/nope`, `${top}/f`],
    ['-l', `${top}/d`, `${top}/f`, `${top}/t`], ['-lL', `${top}/l`, `${top}/f`], ['-ldL', `${top}/dl`], ['-L', `${top}/dl`],
  ];
  it('ls: the same text for every option and operand mix', async () => {
    for (const args of cases()) expect(await ours(['ls', ...args]), args.join(' ')).toBe(real('ls', args));
  });

  it('stat -c: the same text for every sequence', async () => {
    const fmt = "%n|%N|%a|%A|%F|%f|%s|%h|%u|%U|%g|%G|%b|%B|%m|%%|%-6s|%6h|%05a|%q";
    const files = ['f', 'l', 'l128', 'e', 'big', 'null', 'd', 't', 'g', 'anon', 'nobody', '.'].map((f) => `${top}/${f}`);
    expect(await ours(['stat', '-c', fmt, ...files])).toBe(real('stat', ['-c', fmt, ...files]));
    expect(await ours(['stat', '-L', '-c', '%N %F %s', `${top}/l`, `${top}/dl`])).toBe(real('stat', ['-L', '-c', '%N %F %s', `${top}/l`, `${top}/dl`]));
    expect(await ours(['stat', '--printf=%n\\t%s\\n', `${top}/f`])).toBe(real('stat', ['--printf=%n\\t%s\\n', `${top}/f`]));
    expect(await ours(['stat', '-c', '%n', `${top}/nope`])).toBe(real('stat', ['-c', '%n', `${top}/nope`]));
  });
});

describe('mount and findmnt as util-linux 2.38.1 print them', () => {
  it('merge_optstr(): the rw/ro of both lists dropped, one put first', () => {
    expect(mergeOptions('rw,nosuid', 'rw,mode=755')).toBe('rw,nosuid,mode=755');
    expect(mergeOptions('ro,nosuid', 'rw')).toBe('ro,nosuid');
    expect(mergeOptions('rw', 'ro')).toBe('ro');
    expect(mergeOptions('rw,ro', 'rw,foo')).toBe('rw,ro,foo');
    expect(mergeOptions('rw', 'rw')).toBe('rw');
  });

  it.runIf(root)('mount lists this process\'s mount table as mount(8) does', async () => {
    for (const args of [[], ['-t', 'proc,tmpfs'], ['-t', 'nocgroup,tmpfs'], ['-t', 'sysfs,nocgroup'], ['-l']]) {
      expect(await ours(['mount', ...args]), args.join(' ')).toBe(real('mount', args));
    }
  });

  // mountinfo tables findmnt -F reads as it reads /proc/self/mountinfo
  const synthetic: Record<string, string> = {
    'escapes, binds, merged options': '22 1 0:5 / / rw - tmpfs tmpfs rw,mode=755\n23 22 0:6 / /proc rw,nosuid - proc proc rw\n24 22 0:5 /a\\040b /mnt/x\\040y ro,nosuid shared:3 master:4 - tmpfs my\\040src rw,mode=755\n25 22 0:7 / /sys ro - sysfs sysfs ro\n26 22 0:7 / /s2 rw - sysfs sysfs ro\n28 22 0:7 / /s4 rw,ro - sysfs sysfs rw,foo\n',
    'children by mount id, not file order': '2 1 0:6 / / rw - tmpfs tmpfs rw\n5 2 0:5 / /a rw - tmpfs tmpfs rw\n4 2 0:5 / /b rw - tmpfs tmpfs rw\n3 2 0:5 / /c rw - tmpfs tmpfs rw\n6 4 0:5 / /b/x rw - tmpfs tmpfs rw\n7 3 0:5 / /c/y rw - tmpfs tmpfs rw\n',
    'entries outside the tree start their own (a chroot)': '31 50 0:6 / /b rw - proc proc rw\n30 22 0:5 / /a rw - tmpfs tmpfs rw\n32 30 0:7 / /a/c rw - tmpfs t rw\n29 22 0:7 / /z rw - tmpfs t rw\n',
    'the root walked up through parents': '3 50 0:6 / /p rw - proc proc rw\n4 3 0:5 / /p/q rw - tmpfs tmpfs rw\n',
    'a root that is its own parent': '2 2 0:6 / / rw - tmpfs tmpfs rw\n3 2 0:5 / /a rw - tmpfs tmpfs rw\n',
    'propagation tags': '22 1 0:5 / / rw shared:1 - tmpfs tmpfs rw,mode=755\n23 22 0:6 / /proc rw,nosuid - proc proc rw\n124 22 0:5 /a /mnt rw master:1 - tmpfs tmpfs rw\n125 22 0:5 /a /m2 rw shared:3 master:1 - tmpfs tmpfs rw\n126 22 0:5 /a /m3 rw unbindable - tmpfs tmpfs rw\n',
  };

  const compare = async (text: string) => {
    const dir = mkdtempSync('/tmp/nslab-findmnt-');
    try {
      writeFileSync(`${dir}/mountinfo`, text);
      const b = new LocalFsBackend({ files: { '/proc/self/mountinfo': text } });
      for (const args of [
        [], ['-t', 'tmpfs'], ['-t', 'proc,cgroup2'], ['-t', 'notmpfs'], ['-t', 'xyz'], ['-l'], ['-l', '-t', 'proc'],
        ['-o', 'TARGET,PROPAGATION,ID,PARENT,MAJ:MIN,FSROOT,VFS-OPTIONS,FS-OPTIONS'], ['-o', '+PROPAGATION'],
        ['-o', 'id,propagation,target'], ['-o', 'PROPAGATION,ID'], ['-l', '-o', 'ID,TARGET'], ['-t', 'tmpfs', '-o', 'TARGET,PROPAGATION'],
        ['/a'], ['/b'], ['tmpfs'], ['proc', '-o', 'TARGET,ID'],
      ]) {
        expect(await ours(['findmnt', ...args], b), args.join(' ')).toBe(real('findmnt', ['-F', `${dir}/mountinfo`, ...args]));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each(Object.keys(synthetic))('findmnt: %s', async (k) => compare(synthetic[k]));

  it('findmnt: the simulator\'s tables after mount_namespaces(7)\'s shared subtrees and a pivot_root', async () => {
    const { out } = await simRun([
      'init: mkdir("/X", 0755)', 'init: mount("tmpfs", "/X", "tmpfs", 0, "")', 'init: mount("", "/X", "", MS_SHARED, "")',
      'init: clone(CLONE_NEWNS | SIGCHLD) -> peer', 'peer: mkdir("/X/a", 0755)', 'peer: mount("tmpfs", "/X/a", "tmpfs", MS_RDONLY, "size=1m")',
      'peer: mount("/X/a", "/mnt", "", MS_BIND, "")', 'init: cat /proc/self/mountinfo', 'peer: cat /proc/self/mountinfo',
      'init: clone(CLONE_NEWNS | SIGCHLD) -> c', 'c: mount("", "/", "", MS_REC | MS_PRIVATE, "")',
      'c: mount("/var/lib/lxc/busybox/rootfs", "/var/lib/lxc/busybox/rootfs", "", MS_BIND | MS_REC, "")',
      'c: pivot_root("/var/lib/lxc/busybox/rootfs", "/var/lib/lxc/busybox/rootfs/mnt")', 'c: mount("proc", "/proc", "proc", 0, "")',
      'c: cat /proc/self/mountinfo',
    ].join('\n'));
    for (const line of [8, 9, 15]) {
      const text = out(line);
      expect(text).toMatch(/ - /);
      await compare(text);
    }
  }, 60_000);
});

describe.runIf(root)('id as coreutils 9.1 prints it', () => {
  const helpers: ChildProcess[] = [];
  afterAll(() => { for (const h of helpers) if (h.pid) process.kill(h.pid, 'SIGKILL'); });
  // setpriv makes the credentials; a sleeping helper with them is what /proc/self stands for
  const variants: string[][] = [
    [], ['--rgid=7', '--egid=8', '--clear-groups'], ['--regid=7', '--groups=3,0,7'], ['--ruid=5', '--euid=0', '--clear-groups'],
    ['--reuid=12345', '--regid=54321', '--clear-groups'], ['--rgid=7', '--egid=8', '--groups=3,7,8'],
  ];
  it.each(variants.map((v) => [v.join(' ') || '(root)', v]))('%s', async (_name, v) => {
    const h = spawn('setpriv', [...(v as string[]), 'sleep', '60'], { stdio: 'ignore' });
    helpers.push(h);
    await new Promise((r) => setTimeout(r, 150));
    const b = new LocalFsBackend({ self: h.pid });
    for (const args of [[], ['-u'], ['-g'], ['-G'], ['-un'], ['-gn'], ['-Gn'], ['-ur'], ['-gr'], ['-Gr'], ['-n']]) {
      expect(await ours(['id', ...args], b), args.join(' ')).toBe(real('setpriv', [...(v as string[]), 'id', ...args]));
    }
  });
});
