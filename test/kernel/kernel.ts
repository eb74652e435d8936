// A fresh debug kernel instance for the kernel suites: the raw syscall
// table, with kernel_check() (the model's invariants) at hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../../kernel-sim/build/kernel.debug.js';

export type Kernel = Awaited<ReturnType<typeof instantiate>>;

let module: WebAssembly.Module | null = null;

export async function bootKernel(opts: { cpus?: number; pidLevels?: number; hostname?: string } = {}): Promise<Kernel> {
  module ??= await WebAssembly.compile(
    readFileSync(fileURLToPath(new URL('../../kernel-sim/build/kernel.debug.wasm', import.meta.url))),
  );
  const k = await instantiate(module, { env: {} });
  const init = k.machine_boot(opts.cpus ?? 8, 4096, 2, opts.pidLevels ?? 32, opts.hostname ?? 'nslab');
  if (init !== 1) throw new Error(`machine_boot returned ${init}`);
  return k;
}
