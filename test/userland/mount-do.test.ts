// mount/umount with arguments: the mount(2) call libmount makes for each
// form (flags and data from -o), and its messages (captured from
// util-linux 2.38.1 in a throwaway mount namespace).
import { describe, expect, it } from 'vitest';
import { MOUNT } from '../../host-backend/errno.ts';
import { parseMountCall } from '../../host-backend/userland/mount-do.ts';
import { simRun } from './sim-helpers.ts';

describe('mount(8) as a mount(2) call', () => {
  it('-t TYPE -o OPTIONS: the flags libmount knows, the rest as data in order', () => {
    expect(parseMountCall(['mount', '-t', 'tmpfs', '-o', 'ro,nosuid,size=1m,defaults,mode=700,relatime', 'tmpfs', '/mnt'])).toEqual({
      kind: 'mount', source: 'tmpfs', target: '/mnt', fstype: 'tmpfs',
      flags: MOUNT.MS_RDONLY | MOUNT.MS_NOSUID | MOUNT.MS_RELATIME, data: 'size=1m,mode=700',
    });
    expect(parseMountCall(['mount', '-t', 'proc', 'proc', '/proc'])).toMatchObject({ flags: 0, data: '' });
    expect(parseMountCall(['mount', '-o', 'ro', '-o', 'rw', '-tproc', 'p', '/p'])).toMatchObject({ flags: 0 });
  });

  it('--bind, --rbind, --move and -o bind', () => {
    expect(parseMountCall(['mount', '--bind', '/a', '/b'])).toMatchObject({ kind: 'mount', source: '/a', target: '/b', flags: MOUNT.MS_BIND, fstype: '' });
    expect(parseMountCall(['mount', '--rbind', '/a', '/b'])).toMatchObject({ flags: MOUNT.MS_BIND | MOUNT.MS_REC });
    expect(parseMountCall(['mount', '-o', 'bind', '/a', '/b'])).toMatchObject({ flags: MOUNT.MS_BIND });
    expect(parseMountCall(['mount', '--move', '/a', '/b'])).toMatchObject({ kind: 'move', flags: MOUNT.MS_MOVE });
  });

  it('--make-*: mount("none", TARGET, NULL, MS_*) with MS_REC for the r forms', () => {
    expect(parseMountCall(['mount', '--make-shared', '/X'])).toEqual({ kind: 'propagation', source: 'none', target: '/X', fstype: '', flags: MOUNT.MS_SHARED, data: '' });
    expect(parseMountCall(['mount', '--make-rslave', '/'])).toMatchObject({ flags: MOUNT.MS_SLAVE | MOUNT.MS_REC });
    expect(parseMountCall(['mount', '-o', 'rprivate', '/'])).toMatchObject({ kind: 'propagation', flags: MOUNT.MS_PRIVATE | MOUNT.MS_REC });
  });

  it('no operand is a listing; one is an fstab lookup, which nslab has not', () => {
    expect(parseMountCall(['mount'])).toBeNull();
    expect(parseMountCall(['mount', '-t', 'proc'])).toBeNull();
    expect(parseMountCall(['mount', '/mnt'])).toBe("mount: /mnt: can't find in /etc/fstab.");
  });

  it('libmount\'s messages for the failures (as util-linux 2.38.1 prints them)', async () => {
    const { out, results } = await simRun([
      'init: mkdir("/d", 0755)', 'init: write_file("/f", "")',
      'init: mount --make-private /d', 'init: mount --bind /f /d/nope', 'init: mount --bind /nope /d',
      'init: mount -t bogusfs x /d', 'init: mount -t tmpfs tmpfs /nope', 'init: umount /d', 'init: umount /nope',
      'init: mount -t tmpfs tmpfs /d', 'init: mount', 'init: umount /d',
    ].join('\n'));
    const dmesg = '       dmesg(1) may have more information after failed mount system call.\n';
    expect(out(3)).toBe(`mount: /d: not mount point or bad option.\n${dmesg}`);
    expect(out(4)).toBe(`mount: /d/nope: mount point does not exist.\n${dmesg}`);
    expect(out(5)).toBe(`mount: /d: special device /nope does not exist.\n${dmesg}`);
    expect(out(6)).toBe(`mount: /d: unknown filesystem type 'bogusfs'.\n${dmesg}`);
    expect(out(7)).toBe(`mount: /nope: mount point does not exist.\n${dmesg}`);
    expect(out(8)).toBe('umount: /d: not mounted.\n');
    expect(out(9)).toBe('umount: /nope: no mount point specified.\n');
    expect(out(10)).toBe('');
    expect(out(11).split('\n').at(-2)).toBe('tmpfs on /d type tmpfs (rw,relatime)');
    expect(results[11].ret).toBe(0);
    expect(results.slice(2, 9).map((r) => r.errno)).toEqual(['EINVAL', 'ENOENT', 'ENOENT', 'ENODEV', 'ENOENT', 'EINVAL', 'ENOENT']);
  });
});
