// `nslab agent [options]`: start the real-host agent, print its URL (with
// the token), serve until SIGINT or SIGTERM, then remove every sandbox.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, startAgent, type AgentLimits } from './server.ts';

/** Where the nslab web app is served by `npm start` and `npm run preview`. */
export const APP_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173', 'http://127.0.0.1:4173', 'http://localhost:4173'];

const USAGE = `usage: nslab agent [options]
  --host H             loopback address to listen on (default 127.0.0.1)
  --port P             port (default: any free one)
  --origin O           allow browser pages from origin O (repeatable); the web app's
                       own dev and preview origins (${APP_ORIGINS.join(' ')}) always are
  --max-sessions N     sessions at once (default ${DEFAULT_LIMITS.maxSessions})
  --tasks N            tasks per session, pids.max (default ${DEFAULT_LIMITS.tasks})
  --memory BYTES       memory per session (default ${DEFAULT_LIMITS.memory}; K, M, G suffixes)
  --session-seconds S  longest session (default ${DEFAULT_LIMITS.sessionSeconds})
  --call-ms MS         longest a call may block (default ${DEFAULT_LIMITS.callMs})
  --message-bytes N    longest message (default ${DEFAULT_LIMITS.messageBytes})
  --rate N             messages per second per session; more wait (default ${DEFAULT_LIMITS.rate})
  --warm N             machines kept booted ahead of demand (default ${DEFAULT_LIMITS.warm})
  --state-dir DIR      session records, for cleanup after a crash (default /run/nslab)
`;

const LIMIT_FLAGS: Record<string, keyof AgentLimits> = {
  '--max-sessions': 'maxSessions', '--tasks': 'tasks', '--memory': 'memory', '--session-seconds': 'sessionSeconds',
  '--call-ms': 'callMs', '--message-bytes': 'messageBytes', '--rate': 'rate', '--warm': 'warm',
};

function number(flag: string, text: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(text ?? '');
  if (!m) throw new Error(`${flag} needs a number, not ${text === undefined ? 'nothing' : `"${text}"`}`);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * unit;
}

export async function agentMain(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let host: string | undefined, port: number | undefined, stateDir: string | undefined;
  const origins: string[] = [...APP_ORIGINS];
  const limits: Partial<AgentLimits> = {};
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const value = () => {
        if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
        return argv[++i]!;
      };
      if (a === '--help' || a === '-h') { out(USAGE); return 0; }
      else if (a === '--host') host = value();
      else if (a === '--port') port = number(a, value());
      else if (a === '--origin') origins.push(value());
      else if (a === '--state-dir') stateDir = value();
      else if (a in LIMIT_FLAGS) limits[LIMIT_FLAGS[a]!] = number(a, value());
      else throw new Error(`unknown option ${a}`);
    }
  } catch (e) {
    process.stderr.write(`nslab agent: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let agent;
  try {
    agent = await startAgent({ host, port, origins, limits, stateDir });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  if (agent.recovered.length) out(`nslab agent: removed what ${agent.recovered.length} session(s) of a crashed agent left\n`);
  out(`${agent.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await agent.close();
  return 0;
}

/**
 * `nslab agent ARGS` in a process of its own (main.ts), as a user runs it:
 * resolves with the process and the URL it printed; rejects when it exits
 * before printing one. Whoever starts it stops it.
 */
export async function spawnAgentProcess(args: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('ws://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the agent exited (${code}) before printing its URL: ${out}`)));
  });
  return { child, url };
}
