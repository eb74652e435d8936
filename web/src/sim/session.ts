// The worker's side of the protocol: one SimBackend, one loaded scenario.
// Runs inside the Web Worker only; imported lazily by worker.ts.
import wasmUrl from '../../../kernel-sim/build/kernel.wasm?url';
import { SimBackend } from '../../../host-backend/sim-backend.ts';
import type { LabView, LoadResult } from '../protocol.ts';

const backend = new SimBackend({
  // arrayBuffer rather than compileStreaming: any static server will do, whatever MIME type it gives .wasm
  module: async () => WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer()),
});

let loaded: { name: string; text: string } | null = null;

export async function load(text: string, name: string): Promise<LoadResult> {
  loaded = { name, text };
  return { ok: true, name, steps: [] };
}

export async function goto(k: number): Promise<LabView> {
  void k;
  if (!loaded) throw new Error('no scenario loaded');
  const init = await backend.boot();
  return {
    at: 0,
    total: 0,
    outcomes: [],
    names: { [init]: 'init' },
    snapshot: { version: 1, backend: 'sim', tasks: [], namespaces: [], mounts: [] },
  };
}
