// The scenario package: read a scenario in either form, run it step by step.
export * from './ast.ts';
export { parseScenario, parseScenarioText } from './parse.ts';
export { parseScenarioJson, parseScenarioJsonText, scenarioToJson } from './json.ts';
export { formatScenario, formatStep, formatAction, formatExpect, formatValue } from './format.ts';
export { ScenarioRun, type StepResult, type RunOptions } from './run.ts';

import type { Scenario } from './ast.ts';
import { ScenarioError } from './ast.ts';
import { parseScenarioJsonText } from './json.ts';
import { parseScenarioText, type Parsed } from './parse.ts';

/** Whether `text` (named `file`) is the JSON twin: a .json name, or text starting with "{". */
export function isJsonScenario(text: string, file = ''): boolean {
  return file.endsWith('.json') || text.trimStart().startsWith('{');
}

/** Either form, without throwing: the scenario plus every diagnostic. */
export function checkScenario(text: string, file = ''): Parsed {
  return isJsonScenario(text, file) ? parseScenarioJsonText(text) : parseScenarioText(text);
}

/** Either form; throws one ScenarioError ("file:line:col: message" per problem). */
export function loadScenario(text: string, file = '<scenario>'): Scenario {
  const p = checkScenario(text, file);
  if (p.diagnostics.length) throw new ScenarioError(file, p.diagnostics);
  return p.scenario;
}
