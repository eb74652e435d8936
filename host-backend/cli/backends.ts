// Opening the backends for the CLI. The real-host one is loaded lazily, so
// the CLI (and the simulator) work in a checkout without it.
import type { Backend } from '../backend.ts';
import { loadSimBackend } from '../sim-backend.ts';
import { CliError } from './errors.ts';

export async function openSim(debug = false): Promise<Backend> {
  return loadSimBackend({ debug });
}

export async function openHost(agent: string | undefined): Promise<Backend> {
  let mod: { openHostBackend(o: { agent?: string }): Promise<Backend> };
  try {
    const file = '../remote-backend.ts';
    mod = await import(file);
  } catch (e) {
    throw new CliError(`the real-host backend is not available in this checkout (host-backend/remote-backend.ts: ${(e as Error).message})`, 3);
  }
  try {
    return await mod.openHostBackend(agent === undefined ? {} : { agent });
  } catch (e) {
    throw new CliError(`cannot reach the real-host agent${agent ? ` at ${agent}` : ''}: ${(e as Error).message}`, 3);
  }
}

/** boot() failures (kernel not built, agent refusing) are the backend's unavailability, exit 3. */
export async function guardBoot<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new CliError(`${what}: ${(e as Error).message}`, 3);
  }
}
