// getopt_long(3) as util-linux's programs call it with a leading "+":
// options end at the first word that is no option (the program to run) or at
// "--"; short options may be bundled ("-fp"); a required argument follows in
// the same word or the next ("-R/dir", "-R /dir", "--root=/dir", "--root /dir");
// an optional argument only in the same word ("--mount-proc=/proc", and
// "-m/file" where the optstring says "m::").

export interface OptSpec {
  /** short letter, or null for long-only options */
  short: string | null;
  long: string;
  arg: 'none' | 'required' | 'optional';
  /** the short form takes the optional argument too ("m::" in the optstring); else it takes none ("m") */
  shortOptional?: boolean;
}

export interface ParsedOpt {
  /** the option's long name */
  name: string;
  value?: string;
}

export interface Parsed {
  opts: ParsedOpt[];
  /** the words after the options: the program and its arguments */
  rest: string[];
}

/** The options, or getopt's complaint as the program prints it (with the "Try 'PROG --help'" line). */
export function getoptLong(prog: string, argv: readonly string[], specs: readonly OptSpec[]): Parsed | string {
  const opts: ParsedOpt[] = [];
  const tryHelp = `\nTry '${prog} --help' for more information.`;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      // getopt_long accepts an unambiguous prefix of a long option
      const exact = specs.find((s) => s.long === name);
      const matches = exact ? [exact] : specs.filter((s) => s.long.startsWith(name));
      if (matches.length !== 1) {
        return matches.length === 0 ? `${prog}: unrecognized option '${a}'${tryHelp}` : `${prog}: option '${a}' is ambiguous${tryHelp}`;
      }
      const s = matches[0];
      if (s.arg === 'none') {
        if (eq >= 0) return `${prog}: option '--${s.long}' doesn't allow an argument${tryHelp}`;
        opts.push({ name: s.long });
      } else if (eq >= 0) opts.push({ name: s.long, value: a.slice(eq + 1) });
      else if (s.arg === 'required') {
        if (i + 1 >= argv.length) return `${prog}: option '--${s.long}' requires an argument${tryHelp}`;
        opts.push({ name: s.long, value: argv[++i] });
      } else opts.push({ name: s.long });
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const s = specs.find((x) => x.short === a[j]);
        if (!s) return `${prog}: invalid option -- '${a[j]}'${tryHelp}`;
        if (s.arg === 'none' || (s.arg === 'optional' && !s.shortOptional)) { opts.push({ name: s.long }); continue; }
        const inline = a.slice(j + 1);
        if (inline !== '') opts.push({ name: s.long, value: inline });
        else if (s.arg === 'required') {
          if (i + 1 >= argv.length) return `${prog}: option requires an argument -- '${a[j]}'${tryHelp}`;
          opts.push({ name: s.long, value: argv[++i] });
        } else opts.push({ name: s.long });
        break;
      }
      continue;
    }
    break;
  }
  return { opts, rest: argv.slice(i) };
}
