// Reading a scenario file for the CLI: text or JSON twin, errors as file:line:col.
import { readFile } from 'node:fs/promises';
import { ScenarioError, loadScenario, type Scenario } from '../scenario/index.ts';
import { CliError, type Io } from './errors.ts';

export async function readScenario(file: string | undefined, command: string, io: Io): Promise<{ scenario: Scenario; name: string }> {
  if (file === undefined) throw new CliError(`nslab ${command}: which scenario? usage: nslab ${command} FILE`, 2);
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`nslab ${command}: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`, 2);
  }
  const name = file === '-' ? '<stdin>' : file;
  try {
    return { scenario: loadScenario(text, name), name };
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(e.message, 2);
    throw e;
  }
}
