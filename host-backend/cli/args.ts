// Command-line flags: `--name value`, `--name=value`, `--flag`; everything else is positional.
import { CliError } from './errors.ts';

export type Flags = Record<string, 'value' | 'bool'>;

export interface Args {
  positional: string[];
  values: Record<string, string>;
  bools: Set<string>;
}

export function parseArgs(argv: readonly string[], flags: Flags, command: string): Args {
  const out: Args = { positional: [], values: {}, bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { out.positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--')) { out.positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = flags[name];
    if (!kind) {
      const known = Object.keys(flags).map((f) => `--${f}`).join(' ');
      throw new CliError(`nslab ${command}: unknown option ${a} (options: ${known})`, 2);
    }
    if (kind === 'bool') {
      if (eq >= 0) throw new CliError(`nslab ${command}: option --${name} takes no value`, 2);
      out.bools.add(name);
    } else {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new CliError(`nslab ${command}: option --${name} needs a value`, 2);
      out.values[name] = v;
    }
  }
  return out;
}
