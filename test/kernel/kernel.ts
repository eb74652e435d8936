// A fresh debug kernel instance for the kernel suites: the raw syscall
// table, with kernel_check() (the model's invariants) at hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../../kernel-sim/build/kernel.debug.js';
import { DEFAULT_MACHINE, type MachineConfig } from '../../host-backend/backend.ts';
import { buildMachine } from '../../host-backend/sim-machine.ts';

export type Kernel = Awaited<ReturnType<typeof instantiate>>;

let module: WebAssembly.Module | null = null;

export async function bootKernel(opts: { cpus?: number; pidLevels?: number; hostname?: string } = {}): Promise<Kernel> {
  module ??= await WebAssembly.compile(
    readFileSync(fileURLToPath(new URL('../../kernel-sim/build/kernel.debug.wasm', import.meta.url))),
  );
  const k = await instantiate(module, { env: {} });
  const cfg: MachineConfig = { ...DEFAULT_MACHINE, cpus: opts.cpus ?? 8, pidLevelsLeft: opts.pidLevels ?? 32, hostname: opts.hostname ?? 'nslab' };
  const init = k.machine_boot(cfg.cpus, cfg.memory / 1024, 2, cfg.pidLevelsLeft, cfg.hostname, 0);
  if (init !== 1) throw new Error(`machine_boot returned ${init}`);
  buildMachine(k, cfg);
  return k;
}
