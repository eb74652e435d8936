// The one message protocol between the page and the simulator's worker.
// The worker exposes `LabApi` through comlink; everything crossing is plain
// structured-clone data (no classes, no functions).
import type { Snapshot } from '../../host-backend/userland/snapshot-types.ts';

export type { Snapshot };

/** Where a scenario's text is wrong: 1-based line and column, as an editor counts them. */
export interface SourceError {
  line: number;
  col: number;
  message: string;
}

/** One step of a loaded scenario, as written. */
export interface StepSource {
  /** 1-based step number: the state after step k is what `goto(k)` shows */
  index: number;
  /** 1-based line of the scenario text the step was written on */
  line: number;
  /** the step's text as written (without its comment) */
  text: string;
  /** the acting task's name */
  actor: string;
}

export type LoadResult =
  | { ok: true; name: string; steps: StepSource[] }
  | { ok: false; name: string; errors: SourceError[] };

/** What a performed step gave, ready to print. */
export interface StepOutcome {
  index: number;
  line: number;
  /** the acting task's name in the scenario */
  actor: string;
  text: string;
  /** the value as the scenario language writes it: `3`, `-EINVAL`, `"nslab"` */
  value: string;
  /** what the step printed (ps, cat, hostname ...), or the text a call returned */
  output: string;
  /** the stated expectation, as written; absent when the step states none */
  expected?: string;
  /** false iff an expectation was stated and not met, or the step could not run */
  ok: boolean;
  /** why the step failed (expectation mismatch, unknown task ...) */
  error?: string;
}

/** The machine after `at` steps of the loaded scenario (0: just booted). */
export interface LabView {
  at: number;
  total: number;
  /** outcomes of steps 1..at, in order */
  outcomes: StepOutcome[];
  snapshot: Snapshot;
  /** the machine after step at-1, to show what step `at` changed; absent at step 0 */
  previous?: Snapshot;
  /** scenario name of each task, by its TaskRef (global PID) */
  names: Record<number, string>;
  /**
   * What getpid() and getppid() return to each live task, asked of the kernel
   * (not worked out from the snapshot); zombies make no calls and are absent.
   */
  seen: Record<number, { getpid: number; getppid: number }>;
  /** where the worker's time went for this answer, in ms (for the budgets) */
  timing: { steps: number; snapshot: number; calls: number };
}

export interface LabApi {
  /** Parse a scenario; on success it becomes the loaded one, booted at step 0. */
  load(text: string, name: string): Promise<LoadResult>;
  /**
   * The state after `k` steps (clamped to 0..total). Forward from the current
   * step runs only the missing steps; backward re-runs from boot, which is
   * deterministic, so step k always shows the same machine.
   */
  goto(k: number): Promise<LabView>;
}
