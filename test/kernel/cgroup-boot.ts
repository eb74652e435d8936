// A fresh debug kernel in a chosen cgroup mode, built as SimBackend builds
// its machine (rootfs.ts mounts, /sys/fs/cgroup per mode).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../../kernel-sim/build/kernel.debug.js';
import { DEFAULT_MACHINE, type CgroupMode, type MachineConfig } from '../../host-backend/backend.ts';
import { buildMachine } from '../../host-backend/sim-machine.ts';

export type Kernel = Awaited<ReturnType<typeof instantiate>>;

const MODE: Record<CgroupMode, number> = { v1: 1, v2: 2, hybrid: 3 };

let module: WebAssembly.Module | null = null;

export async function bootCgroupKernel(cgroup: CgroupMode, opts: { cpus?: number; memory?: number } = {}): Promise<Kernel> {
  module ??= await WebAssembly.compile(
    readFileSync(fileURLToPath(new URL('../../kernel-sim/build/kernel.debug.wasm', import.meta.url))),
  );
  const k = await instantiate(module, { env: {} });
  const cfg: MachineConfig = { ...DEFAULT_MACHINE, cgroup, cpus: opts.cpus ?? 8, memory: opts.memory ?? DEFAULT_MACHINE.memory };
  const init = k.machine_boot(cfg.cpus, cfg.memory / 1024, MODE[cgroup], cfg.pidLevelsLeft, cfg.hostname, 0);
  if (init !== 1) throw new Error(`machine_boot returned ${init}`);
  buildMachine(k, cfg);
  return k;
}
