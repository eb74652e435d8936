// The text handling behind the new views, without a browser: mountinfo as
// proc(5) writes it, CPU lists as
// cpuset(7) writes them, the quiz drawn from a seed, and the terminal
// panes' refusal of lines that would change the machine (on the simulator).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { parseMountinfoLine } from '../../web/src/views/mounts/mountinfo.ts';
import { parseCpuList } from '../../web/src/views/cgroups/cpulist.ts';
import { candidates, drawQuiz, normaliseValue, psCommands } from '../../web/src/quiz/generate.ts';
import type { LibraryScenario } from '../../web/src/scenarios.ts';
import { runPaneLine } from '../../web/src/sim/shell.ts';
import { loadSimBackend } from '../../host-backend/sim-backend.ts';
import { REPO } from './build-app.ts';

const LINES = [
  '2 1 0:2 / / rw,nosuid,nodev,relatime - tmpfs tmpfs rw,mode=755',
  '3 2 0:4 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw',
  '5 2 0:3 /null /dev/null rw,relatime - devtmpfs devtmpfs rw,size=2097152k',
  '11 2 0:7 / /X rw,relatime shared:1 - tmpfs tmpfs rw',
  '12 11 0:8 / /X/a\\040b rw,relatime shared:3 master:2 - tmpfs tmpfs rw',
  '13 2 0:9 / /Y rw,relatime master:2 - tmpfs tmpfs rw',
];

describe('mountinfo (proc(5))', () => {
  it('reads the optional fields: shared:N, master:N, several of them, none', () => {
    expect(parseMountinfoLine(LINES[3])).toMatchObject({ id: 11, parent: 2, target: '/X', shared: 1, propagation: 'shared' });
    expect(parseMountinfoLine(LINES[4])).toMatchObject({ target: '/X/a b', shared: 3, master: 2, propagation: 'shared+slave' });
    expect(parseMountinfoLine(LINES[5])).toMatchObject({ master: 2, propagation: 'slave' });
    expect(parseMountinfoLine(LINES[1])).toMatchObject({ fstype: 'proc', source: 'proc', propagation: 'private' });
    expect(parseMountinfoLine('not a mountinfo line')).toBeNull();
    expect(parseMountinfoLine('1 2 3 4 5 6 7 8 9 10')).toBeNull();
  });
});

describe('CPU lists (cpuset(7) "List format")', () => {
  it('ranges, single CPUs, empty; nonsense names none', () => {
    expect([...parseCpuList('0-2,4,6-7')]).toEqual([0, 1, 2, 4, 6, 7]);
    expect([...parseCpuList('0,2,4,6\n')]).toEqual([0, 2, 4, 6]);
    expect([...parseCpuList('')]).toEqual([]);
    expect([...parseCpuList('zero')]).toEqual([]);
  });
});

function library(): LibraryScenario[] {
  const out: LibraryScenario[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`, `${prefix}${e.name}/`);
      else if (e.name.endsWith('.nslab')) {
        const name = prefix + e.name.slice(0, -6);
        out.push({ name, group: prefix.replace(/\/$/, ''), title: name, text: readFileSync(`${dir}/${e.name}`, 'utf8') });
      }
    }
  };
  walk(`${REPO}scenarios`, '');
  return out;
}

describe('quizzes from a seed', () => {
  const lib = library();

  it('the library offers questions of every kind', () => {
    const kinds = new Set(candidates(lib).map((q) => q.kind));
    expect([...kinds].sort()).toEqual(['mounts', 'ps', 'value']);
  });

  it('the same seed draws the same five questions; another seed others; at most two per scenario, in scenario order', () => {
    const a = drawQuiz(42, lib);
    expect(a).toHaveLength(5);
    expect(drawQuiz(42, lib)).toEqual(a);
    expect(drawQuiz(43, lib)).not.toEqual(a);
    const per = new Map<string, number>();
    for (const q of a) per.set(q.scenario, (per.get(q.scenario) ?? 0) + 1);
    expect(Math.max(...per.values())).toBeLessThanOrEqual(2);
    // every question names a real step line of its scenario, without its expectation
    for (const q of a) {
      const line = lib.find((s) => s.name === q.scenario)!.text.split('\n')[q.line - 1];
      expect(line).toContain(q.text.split(': ')[1].split(' ')[0]);
      expect(q.text).not.toContain('==');
    }
  });

  it('answers compare as the scenario language writes values', () => {
    expect(normaliseValue(' einval ')).toBe('-EINVAL');
    expect(normaliseValue('-EPERM')).toBe('-EPERM');
    expect(normaliseValue('007')).toBe('7');
    expect(psCommands('    PID    PPID STAT COMMAND\n      1       0 S    init\n      2       1 S    c\n')).toEqual(['init', 'c']);
  });
});

describe('terminal panes', () => {
  it('run commands as a task, print mount and findmnt from its mountinfo, refuse what would change the machine', async () => {
    const b = await loadSimBackend();
    const init = await b.boot();
    expect((await runPaneLine(b, init, 'hostname')).output).toBe('nslab\n');
    expect((await runPaneLine(b, init, 'mount')).output).toMatch(/^tmpfs on \/ type tmpfs \(rw,/);
    expect((await runPaneLine(b, init, 'findmnt')).output).toMatch(/^TARGET\s+SOURCE\s+FSTYPE\s+OPTIONS\n\/\s+tmpfs/);
    expect((await runPaneLine(b, init, 'cat /nope')).value).toBe('-ENOENT');
    expect((await runPaneLine(b, init, 'hostname other')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'echo hi > /tmp/f')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'unshare -p -f ps')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'mount -t proc proc /mnt')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'umount /proc')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'mount -t proc')).output).toMatch(/^proc on \/proc type proc/);
    expect((await runPaneLine(b, init, 'ip link add v0 type veth peer name v1')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'chroot /var/lib/lxc/busybox/rootfs ls')).refused).toMatch(/would change the machine/);
    expect((await runPaneLine(b, init, 'getpid()')).refused).toMatch(/not system calls/);
    expect((await runPaneLine(b, init, 'frobnicate')).refused).toMatch(/^column 1: unknown command/);
    expect((await runPaneLine(b, init, 'cat "unterminated')).refused).toBeTruthy();
    // nothing was changed: the hostname is still the machine's, /tmp/f was never written
    expect((await runPaneLine(b, init, 'hostname')).output).toBe('nslab\n');
    expect((await runPaneLine(b, init, 'cat /tmp/f')).value).toBe('-ENOENT');
  });
});
