// nslab's command line. bin/nslab.js loads this file through tsx.
//
// Exit codes (the same for every subcommand):
//   0  everything ran and every expectation held (diff: no difference)
//   1  a step failed its expectation or could not be performed (diff: the backends differ)
//   2  usage error, or the scenario file cannot be read or parsed (file:line:col: message)
//   3  a backend is unavailable (kernel not built, agent unreachable or refusing)
import { parseArgs, type Flags } from './args.ts';
import { CliError, type Io } from './errors.ts';
import { runMain } from './run.ts';
import { diffMain } from './diff.ts';

export const USAGE = `usage: nslab COMMAND [ARGS]

  nslab run FILE [--backend sim|host] [--agent URL] [--json] [--debug]
      Run a scenario (text .nslab or its JSON twin .json; FILE "-" reads stdin)
      and print each step's value and output; --json prints the steps and the
      final snapshot as JSON. --backend host runs it on the real kernel through
      an agent (--agent URL, or a private one started for the run).
  nslab diff FILE... [--agent URL] [--json]
      Run each scenario on the simulator (configured as the host is) and on the
      real kernel, normalise both and print every difference; --json prints one
      object per scenario (an array for several).
  nslab agent [ARGS]      Start the real-host agent (see nslab agent --help).
  nslab export FILE [--view NAME] [--format svg|png|pdf|html] [-o OUT]
      A view as SVG or PNG, or the scenario as slides (one per step, PDF or
      HTML), drawn by the app in headless Chromium (see nslab export --help).
  nslab bench [--quick] [--sim-only|--no-web|--no-host]
                          Benchmarks of the model, the app in a browser and the real kernel.

exit codes: 0 ok; 1 an expectation failed / the backends differ;
            2 usage or scenario error; 3 a backend is unavailable
`;

const nodeIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export async function main(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runMain(parseArgs(rest, RUN_FLAGS, 'run'), io);
      case 'diff':
        return await diffMain(parseArgs(rest, DIFF_FLAGS, 'diff'), io);
      case 'agent':
        return await agent(rest);
      case 'export':
        return await (await import('./export.ts')).exportMain(rest, io);
      case 'bench':
        return await bench(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        (command === undefined ? io.err : io.out)(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`nslab: unknown command "${command}"\n\n${USAGE}`, 2);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return e.code;
    }
    io.err(`nslab: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}

const RUN_FLAGS: Flags = { backend: 'value', agent: 'value', json: 'bool', debug: 'bool' };
const DIFF_FLAGS: Flags = { agent: 'value', json: 'bool' };

async function agent(args: readonly string[]): Promise<number> {
  let mod: { agentMain(args: readonly string[]): Promise<number | void> | number | void };
  try {
    mod = await import('../agent/cli.ts');
  } catch (e) {
    throw new CliError(`nslab agent: the real-host agent is not available in this checkout (${(e as Error).message})`, 3);
  }
  const code = await mod.agentMain(args);
  return typeof code === 'number' ? code : 0;
}

async function bench(args: readonly string[]): Promise<number> {
  let mod: Record<string, unknown>;
  try {
    // a variable specifier: the file may not exist yet
    const file = './bench.ts';
    mod = await import(file);
  } catch (e) {
    throw new CliError(`nslab bench: not available in this checkout (host-backend/cli/bench.ts: ${(e as Error).message})`, 3);
  }
  const f = (mod.benchMain ?? mod.main ?? mod.default) as ((a: readonly string[]) => Promise<number | void>) | undefined;
  if (typeof f !== 'function') throw new CliError('nslab bench: host-backend/cli/bench.ts exports no benchMain(args)', 3);
  const code = await f(args);
  return typeof code === 'number' ? code : 0;
}

export { CliError, type Io };
