// The views added for issue 6, in the built app in Chromium, each on a
// library scenario at a chosen step: mounts per mount namespace with
// propagation and findmnt, cgroups with their CPU strips (and what the view
// says when no cgroup filesystem is mounted), terminal panes inside and
// outside, and the clone playground — whose answers come from the kernel.
import { describe, expect, it } from 'vitest';
import { SHOTS, useAppPage } from './app-page.ts';
import { encodeUrlState } from '../../web/src/state/url.ts';

const ui = useAppPage({ locale: 'en-GB' });

const counter = () => ui.page.getByTestId('step-counter');

/** opens the app on a library scenario (or a text) at step k, with a view shown */
async function open(what: { name?: string; text?: string }, k: number, view: string) {
  await ui.page.goto(ui.server.url + encodeUrlState({ ...what, at: k, view }));
  await ui.page.locator('.app[data-ready="yes"]').waitFor({ timeout: 15_000 });
  await expect.poll(() => counter().innerText(), { timeout: 15_000 }).toMatch(new RegExp(`^step ${k} of`));
  await ui.page.locator('.app[data-busy="no"]').waitFor();
  expect(await ui.page.getByRole('tab', { selected: true }).getAttribute('data-view')).toBe(view);
}

async function stepTo(k: number) {
  await ui.page.getByRole('slider', { name: 'jump to step' }).fill(String(k));
  await expect.poll(() => counter().innerText()).toMatch(new RegExp(`^step ${k} of`));
  await ui.page.locator('.app[data-busy="no"]').waitFor();
}

describe('mount view', () => {
  it('one column per mount namespace; peers joined, the slave pointing at its master; findmnt of the namespace chosen', async () => {
    // mounts/shared-subtree after step 15: peer's /Y is a slave of init's shared /Y, both see /X shared
    await open({ name: 'mounts/shared-subtree' }, 15, 'mounts');
    const view = ui.page.getByTestId('mount-view');
    const cols = view.locator('g.mntns');
    await expect.poll(() => cols.count()).toBe(2);
    expect(await cols.nth(0).getAttribute('data-tasks')).toBe('init');
    expect(await cols.nth(1).getAttribute('data-tasks')).toBe('peer');
    const x = (i: number) => cols.nth(i).locator('g.mount[data-target="/X"]');
    const y = (i: number) => cols.nth(i).locator('g.mount[data-target="/Y"]');
    // the same peer group on both sides, and a line joining them in that group's name
    const group = await x(0).getAttribute('data-shared');
    expect(group).not.toBe('');
    expect(await x(1).getAttribute('data-shared')).toBe(group);
    expect(await view.locator(`path.link.peer[data-group="${group}"]`).count()).toBeGreaterThan(0);
    // peer's /Y is a slave of init's /Y's group: a master link in that group
    const master = await y(1).getAttribute('data-master');
    expect(master).toBe(await y(0).getAttribute('data-shared'));
    expect(await y(1).getAttribute('data-propagation')).toBe('slave');
    expect(await view.locator(`path.link.master[data-group="${master}"]`).count()).toBe(1);
    // init mounted /Y/b under its shared /Y: it propagated to the slave; peer's /Y/c did not come back
    expect(await cols.nth(1).locator('g.mount[data-target="/Y/b"]').count()).toBe(1);
    expect(await cols.nth(0).locator('g.mount[data-target="/Y/c"]').count()).toBe(0);
    expect(await cols.nth(1).locator('g.mount[data-target="/Y/c"]').getAttribute('class')).toContain('new');
    // findmnt: the first namespace's, then the second's at a click
    const findmnt = ui.page.getByTestId('findmnt');
    expect((await findmnt.innerText()).split('\n')[0]).toMatch(/^TARGET\s+SOURCE\s+FSTYPE\s+OPTIONS$/);
    expect(await findmnt.innerText()).not.toContain('/Y/c');
    await view.getByRole('button', { name: 'mnt 2' }).click();
    await expect.poll(() => findmnt.innerText()).toMatch(/└─\/Y\/c\s+tmpfs\s+tmpfs\s+rw/);
    await ui.page.screenshot({ path: `${SHOTS}/web-mounts.png` });
  });

  it('follows the steps: after init detaches /Y, its column no longer lists it', async () => {
    const total = Number((await counter().innerText()).match(/of (\d+)/)![1]);
    await stepTo(total);
    const cols = ui.page.getByTestId('mount-view').locator('g.mntns');
    await expect.poll(() => cols.nth(0).locator('g.mount[data-target="/Y"]').count()).toBe(0);
    expect(await cols.nth(1).locator('g.mount[data-target="/Y"]').count()).toBe(1);
  });
});

describe('cgroup view', () => {
  it('seed lab questions 4-6: the lxc cpuset holds CPUs 0,2,4,6 and the container may run only there', async () => {
    await open({ name: 'cgroup/cpuset-8cpus' }, 0, 'cgroups');
    const total = Number((await counter().innerText()).match(/of (\d+)/)![1]);
    await stepTo(total);
    const view = ui.page.getByTestId('cgroup-view');
    const lxc = view.locator('details[data-mount="/sys/fs/cgroup/cpuset"] li[data-path="/lxc"]');
    await expect.poll(() => lxc.count(), { timeout: 10_000 }).toBe(1);
    expect(await lxc.locator('[data-file="cpuset.cpus"] code').innerText()).toBe('0,2,4,6');
    expect((await lxc.locator('.members').getAttribute('data-members'))!.split(' ')).toContain('container');
    const strip = view.locator('tr[data-name="container"] [data-cpus]');
    expect(await strip.getAttribute('data-cpus')).toBe('0,2,4,6');
    // eight CPUs on the strip, four lit
    expect(await strip.locator('.cpu').count()).toBe(8);
    expect(await strip.locator('.cpu.on').allInnerTexts()).toEqual(['0', '2', '4', '6']);
    expect(await view.locator('tr[data-name="init"] [data-cpus]').getAttribute('data-cpus')).toBe('0-7');
    await ui.page.screenshot({ path: `${SHOTS}/web-cgroups.png` });
  });

  it('says so when init sees no cgroup filesystem, and still shows each task\u2019s CPUs', async () => {
    await open({ text: 'init: umount2("/sys/fs/cgroup", 0) == 0\ninit: fork() -> kid\n' }, 2, 'cgroups');
    const missing = ui.page.getByTestId('cgroup-missing');
    await missing.waitFor();
    expect(await missing.innerText()).toMatch(/no cgroup filesystem is mounted/);
    expect(await ui.page.locator('[data-testid="cgroup-view"] tr[data-name="kid"] [data-cpus]').getAttribute('data-cpus')).toBe('0-7');
    await stepTo(1);
    await expect.poll(() => ui.page.getByTestId('cgroup-missing').count()).toBe(1);
    await stepTo(0);
    await expect.poll(() => ui.page.getByTestId('cgroup-missing').count()).toBe(0);
    expect(await ui.page.locator('details[data-mount="/sys/fs/cgroup"]').count()).toBe(1);
  });
});

describe('terminal panes', () => {
  it('seed lab question 1: ps inside and outside, side by side; other commands typed or picked', async () => {
    await open({ name: 'lab/q01-ps-inside-outside' }, 5, 'panes');
    const inside = ui.page.locator('[data-pane="inside"] [data-testid="pane-output"]');
    const outside = ui.page.locator('[data-pane="outside"] [data-testid="pane-output"]');
    await expect.poll(() => inside.getAttribute('data-task')).toBe('attached_sh');
    await expect.poll(() => outside.innerText()).toContain('lxc_start');
    const rows = (t: string) => t.trim().split('\n').slice(1);
    expect(rows(await inside.innerText()).map((r) => r.trim().split(/\s+/)[0])).toEqual(['1', '2']);
    expect(rows(await outside.innerText()).length).toBe(4);
    // the same command typed in each: hostname inside and outside differ
    for (const [pane, want] of [['inside', 'busybox'], ['outside', 'nslab']] as const) {
      const box = ui.page.locator(`[data-pane="${pane}"] input`);
      await box.fill('hostname');
      await box.press('Enter');
      await expect.poll(async () => (await ui.page.locator(`[data-pane="${pane}"] [data-testid="pane-output"]`).innerText()).trim()).toBe(want);
    }
    await ui.page.screenshot({ path: `${SHOTS}/web-panes.png` });
    // a command that would change the machine is refused, not run
    const box = ui.page.locator('[data-pane="inside"] input');
    await box.fill('hostname other');
    await box.press('Enter');
    await expect.poll(() => inside.innerText()).toMatch(/not run: hostname NAME would change the machine/);
    // panes re-run on every step: back at step 3 the shell does not exist, the inside pane runs as the container's init
    await ui.page.locator('[data-pane="inside"]').getByRole('button', { name: 'mount', exact: true }).click();
    await stepTo(3);
    await expect.poll(() => inside.getAttribute('data-task')).toBe('busybox_init');
    await expect.poll(() => inside.innerText()).toMatch(/^proc on \/proc type proc \(rw,nosuid,nodev,noexec,relatime\)$/m);
  });
});

describe('clone playground', () => {
  it('answers from the kernel, on a throwaway copy: EINVAL quoted from clone(2), or what the child shares and gets', async () => {
    // container-test after step 4: c is PID 1 of its own PID namespace
    await open({ name: 'container-test' }, 4, 'clone');
    const view = ui.page.getByTestId('clone-playground');
    await view.getByRole('combobox', { name: 'Caller' }).selectOption({ label: 'parent' });
    const result = view.getByTestId('clone-result');
    // CLONE_NEWPID alone: the child is 1 in a new PID namespace, shares the mount namespace
    await expect.poll(() => result.getAttribute('data-value')).toMatch(/^\d+$/);
    await expect.poll(() => view.locator('tr[data-ns="pid"]').getAttribute('data-shared')).toBe('no');
    expect(await view.locator('tr[data-ns="mnt"]').getAttribute('data-shared')).toBe('yes');
    expect(await result.innerText()).toContain('getpid() = 1, getppid() = 0');
    // and CLONE_NEWNS | CLONE_FS: EINVAL, the rule that applies marked
    await view.getByLabel('CLONE_NEWNS').check();
    await view.getByLabel('CLONE_FS').check();
    await expect.poll(() => result.getAttribute('data-errno')).toBe('EINVAL');
    const applies = view.locator('li[data-applies="yes"]');
    expect(await applies.allInnerTexts()).toEqual([expect.stringContaining('Both CLONE_FS and CLONE_NEWNS were specified')]);
    expect(await view.getByTestId('clone-call').innerText()).toBe('parent: clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_FS | SIGCHLD)');
    await ui.page.screenshot({ path: `${SHOTS}/web-clone-playground.png` });
    // c (an init) with CLONE_PARENT: EINVAL; without the flag nothing fails
    await view.getByLabel('CLONE_FS').uncheck();
    await view.getByLabel('CLONE_NEWNS').uncheck();
    await view.getByLabel('CLONE_NEWPID').uncheck();
    await view.getByRole('combobox', { name: 'Caller' }).selectOption({ label: 'c' });
    await view.getByLabel('CLONE_PARENT').check();
    await expect.poll(() => result.getAttribute('data-errno')).toBe('EINVAL');
    expect(await applies.allInnerTexts()).toContainEqual(expect.stringContaining('the caller is an init process'));
    // the machine shown did not change: no task was added by the trials
    await ui.page.getByRole('tab', { name: 'Process tree' }).click();
    expect(await ui.page.locator('g.task').count()).toBe(4);
    expect(await counter().innerText()).toMatch(/^step 4 of/);
  });

  it('no errors reached the page\u2019s console', () => {
    expect(ui.errors).toEqual([]);
  });
});
