// The scenario editor (errors marked at their line as you type, completion
// of names, running the edited text), the quiz (predict, then the kernel's
// answer; the same seed, the same questions) and the Catalan interface.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { DIST } from './build-app.ts';
import { SHOTS, useAppPage } from './app-page.ts';

const ui = useAppPage({ locale: 'en-GB' });

const counter = () => ui.page.getByTestId('step-counter');

describe('scenario editor', () => {
  it('marks a mistake at its line as it is typed, completes names, and runs the fixed text', async () => {
    await ui.page.goto(`${ui.server.url}#s=container-test`);
    await ui.page.locator('.app[data-ready="yes"]').waitFor({ timeout: 15_000 });
    // the editor is not part of the first view's download
    expect([...ui.server.served.keys()].some((p) => p.includes('ScenarioEditor'))).toBe(false);
    await ui.page.getByRole('button', { name: 'Edit' }).click();
    const editor = ui.page.getByTestId('scenario-editor');
    const content = editor.locator('.cm-content');
    await content.waitFor();
    expect(await editor.getByTestId('editor-status').innerText()).toBe('No errors');
    const lines = await editor.locator('.cm-line').count();
    // type a misspelt call on a new last line
    await content.click();
    await ui.page.keyboard.press('Control+End');
    await ui.page.keyboard.press('Enter');
    await ui.page.keyboard.type('c: frok()', { delay: 10 });
    const errorLine = lines + 1;
    const listed = editor.locator(`[data-testid="editor-errors"] li[data-line="${errorLine}"]`);
    await expect.poll(() => listed.count(), { timeout: 5_000 }).toBe(1);
    expect(await listed.innerText()).toMatch(new RegExp(`^${errorLine}:4: .*frok`));
    // underlined in the text, and a marker in the gutter beside that very line
    const range = editor.locator('.cm-lintRange-error');
    await expect.poll(() => range.count()).toBe(1);
    expect(await range.innerText()).toBe('frok');
    const marker = await editor.locator('.cm-lint-marker-error').boundingBox();
    const line = await editor.locator('.cm-line').nth(errorLine - 1).boundingBox();
    expect(marker && line && Math.abs(marker.y + marker.height / 2 - (line.y + line.height / 2)) < line.height / 2).toBe(true);
    expect(await editor.getByRole('button', { name: 'Run the edited scenario' }).isDisabled()).toBe(true);
    await ui.page.screenshot({ path: `${SHOTS}/web-editor-error.png` });
    // fix it with completion: erase "frok()", type "getp", pick getpid
    for (let i = 0; i < 'frok()'.length; i++) await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.type('getp', { delay: 10 });
    const options = ui.page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allInnerTexts()).toContainEqual(expect.stringContaining('getpid'));
    await ui.page.screenshot({ path: `${SHOTS}/web-editor-completion.png` });
    // the keyboard picks it: the first option is the selected one
    expect(await ui.page.locator('.cm-tooltip-autocomplete li[aria-selected="true"]').innerText()).toMatch(/^getpid\b/);
    await ui.page.keyboard.press('Enter');
    await ui.page.keyboard.type(' == 1', { delay: 10 });
    await expect.poll(() => editor.getByTestId('editor-status').innerText(), { timeout: 5_000 }).toBe('No errors');
    expect(await editor.locator('.cm-line').nth(errorLine - 1).innerText()).toBe('c: getpid() == 1');
    // flags complete inside the parentheses, errno names after "== -"
    await ui.page.keyboard.press('Enter');
    await ui.page.keyboard.type('c: unshare(CLONE_NEWU', { delay: 10 });
    await expect.poll(() => options.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('CLONE_NEWUTS'), expect.stringContaining('CLONE_NEWUSER')]));
    await ui.page.keyboard.press('Escape');
    await ui.page.keyboard.type('TS) == -EPE', { delay: 10 });
    await expect.poll(() => options.allInnerTexts()).toContainEqual(expect.stringContaining('-EPERM'));
    await ui.page.keyboard.press('Escape');
    for (let i = 0; i < '== -EPE'.length; i++) await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.type('== 0', { delay: 10 });
    await expect.poll(() => editor.getByTestId('editor-status').innerText(), { timeout: 5_000 }).toBe('No errors');
    await editor.getByRole('button', { name: 'Run the edited scenario' }).click();
    await expect.poll(() => counter().innerText()).toMatch(/^step 0 of 11$/);
    await ui.page.keyboard.press('End');
    await expect.poll(() => counter().innerText()).toMatch(/^step 11 of 11$/);
    await ui.page.locator('.app[data-busy="no"]').waitFor();
    const last = ui.page.locator('[data-testid="terminal"] .entry').last();
    expect(await last.getAttribute('data-action')).toBe('unshare(CLONE_NEWUTS)');
    expect(await ui.page.locator('[data-testid="terminal"] .entry.failed').count()).toBe(0);
  });
});

describe('the JavaScript budget', () => {
  it('what the first view downloads is under 250 KB gzipped; the editor comes later, when asked for', () => {
    const gz = (f: string) => gzipSync(readFileSync(`${DIST}/assets/${f}`), { level: 9 }).length;
    const files = readdirSync(`${DIST}/assets`).filter((f) => f.endsWith('.js'));
    const sizes = files.map((f) => [f.replace(/-[\w-]+\.js$/, ''), gz(f)] as const);
    const total = sizes.reduce((s, [, n]) => s + n, 0);
    const editor = sizes.filter(([f]) => f === 'ScenarioEditor').reduce((s, [, n]) => s + n, 0);
    console.log(`JavaScript, gzipped: ${((total - editor) / 1024).toFixed(1)} KB for the first view, ${(total / 1024).toFixed(1)} KB with the editor (${sizes.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)}`).join(', ')})`);
    expect(editor).toBeGreaterThan(0);
    expect(total - editor).toBeLessThan(250 * 1024);
  });
});

describe('quiz', () => {
  it('asks before the step, then shows the kernel\u2019s answer; the same seed draws the same questions', async () => {
    await ui.page.goto(`${ui.server.url}#v=quiz`);
    await ui.page.locator('.app[data-ready="yes"]').waitFor({ timeout: 15_000 });
    const quiz = ui.page.getByTestId('quiz');
    await quiz.getByRole('spinbutton', { name: 'Seed' }).fill('42');
    await quiz.getByRole('button', { name: 'New quiz' }).click();
    const question = quiz.getByTestId('quiz-question');
    await question.waitFor();
    // the question is set up (its scenario loaded, the lab just before the step) once it can be answered
    await expect.poll(() => question.getByRole('button', { name: 'Reveal' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    const first = await question.locator('pre.step').innerText();
    const where = await question.locator('.where').innerText();
    const step = Number(where.match(/before step (\d+)/)![1]);
    // the lab shows the machine just before the step asked about
    await expect.poll(() => counter().innerText()).toMatch(new RegExp(`^step ${step - 1} of`));
    await ui.page.screenshot({ path: `${SHOTS}/web-quiz-ask.png` });
    // answer (perhaps wrongly), reveal: the lab performs the step, the kernel's answer is shown
    const kind = await question.getAttribute('data-kind');
    if (kind === 'value') await question.getByRole('textbox').fill('12345');
    await question.getByRole('button', { name: 'Reveal' }).click();
    await question.getByTestId('quiz-verdict').waitFor();
    await expect.poll(() => counter().innerText()).toMatch(new RegExp(`^step ${step} of`));
    const kernel = await question.getByTestId('quiz-kernel').innerText();
    if (kind === 'value') {
      // the same value the step's outcome shows in the transcript
      expect(await ui.page.locator(`[data-testid="terminal"] .entry[data-step="${step}"] .value`).innerText()).toBe(`= ${kernel}`);
    }
    await ui.page.screenshot({ path: `${SHOTS}/web-quiz-reveal.png` });
    // the same seed again: the same first question; answered with the kernel's answer, it is right
    await quiz.getByRole('button', { name: 'New quiz' }).click();
    await expect.poll(() => question.locator('pre.step').innerText()).toBe(first);
    await expect.poll(() => question.getByRole('button', { name: 'Reveal' }).isEnabled()).toBe(true);
    if (kind === 'value') await question.getByRole('textbox').fill(kernel);
    else for (const name of kernel.split(', ').filter((n) => n !== '—')) await question.getByLabel(name, { exact: true }).check();
    await question.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => question.getByTestId('quiz-verdict').getAttribute('data-ok')).toBe('yes');
    // through to the end
    for (let i = 0; i < 10 && (await question.count()); i++) {
      await question.getByRole('button', { name: 'Next question' }).click();
      if (await quiz.getByTestId('quiz-done').count()) break;
      await question.getByRole('button', { name: 'Reveal' }).click();
      await question.getByTestId('quiz-verdict').waitFor();
    }
    expect(await quiz.getByTestId('quiz-done').innerText()).toMatch(/^Quiz finished: \d+ of 5 right\.$/);
  });
});

describe('Catalan', () => {
  it('a Catalan browser gets the Catalan interface; the scenario stays as written; English is one choice away', async () => {
    const ca = await ui.browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'ca-ES' });
    try {
      await ca.goto(`${ui.server.url}#s=lab/q02-pid-mapping&k=3`);
      await ca.locator('.app[data-ready="yes"]').waitFor({ timeout: 15_000 });
      expect(await ca.evaluate(() => document.documentElement.lang)).toBe('ca');
      await expect.poll(() => ca.getByTestId('step-counter').innerText()).toMatch(/^pas 3 de \d+$/);
      for (const tab of ['Arbre de processos', 'Taula de PID', 'Espais de noms', 'Muntatges', 'Terminals', 'Proves de clone', 'Qüestionari'])
        expect(await ca.getByRole('tab', { name: tab }).count()).toBe(1);
      expect(await ca.getByRole('button', { name: 'pas endavant' }).innerText()).toBe('Pas ▶');
      expect(await ca.locator('.panel.output h2').innerText()).toMatch(/^sortida$/i);
      // the scenario's text is as written, in English
      expect(await ca.locator('ol.source').innerText()).toContain('which PIDs inside are which PIDs outside');
      await ca.getByRole('tab', { name: 'Taula de PID' }).click();
      expect(await ca.getByTestId('pid-table').innerText()).toContain('PID tal com el veu cada espai de noms de PID');
      await ca.screenshot({ path: `${SHOTS}/web-catalan.png` });
      await ca.getByRole('combobox', { name: 'Llengua' }).selectOption('en');
      await expect.poll(() => ca.getByTestId('step-counter').innerText()).toMatch(/^step 3 of \d+$/);
      expect(await ca.getByRole('tab', { name: 'PID table' }).getAttribute('aria-selected')).toBe('true');
      // the choice is remembered
      await ca.reload();
      await ca.locator('.app[data-ready="yes"]').waitFor();
      expect(await ca.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await ca.close();
    }
  });

  it('no errors reached the page\u2019s console', () => {
    expect(ui.errors).toEqual([]);
  });
});
