// The one message protocol between the page and the simulator's worker.
// The worker exposes `LabApi` through comlink; everything crossing is plain
// structured-clone data (no classes, no functions).
import type { Snapshot } from '../../host-backend/userland/snapshot-types.ts';
import type { ViewDelta, ViewState } from './sim/view-delta.ts';

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
export interface LabView extends ViewState {
  /** the observation shown (the page names it back in goto(), so the worker can send only what differs) */
  id: number;
  at: number;
  total: number;
  /**
   * outcomes of steps 1..at, in order; in the worker's answer, those of steps
   * outcomesFrom+1..at only (the page holds the earlier ones and puts them back)
   */
  outcomes: StepOutcome[];
  /** in the worker's answer: how many leading outcomes were left out (0: none) */
  outcomesFrom?: number;
  /** the machine after step at-1, to show what step `at` changed; absent at step 0. The page fills it in: the view it held (a step forward) or previous() */
  previous?: Snapshot;
  /** where the worker's time went for this answer, in ms (for the budgets) */
  timing: {
    steps: number;
    snapshot: number;
    calls: number;
    /** the machine at this step (and the one before) had been observed ahead of the request: no procfs read was made for it */
    prefetched?: boolean;
    /** the page held this step already (shown before, or sent ahead by next()): no request was made */
    page?: boolean;
  };
}

/** goto()'s answer: a LabView, or one whose machine is a delta from the view the page holds (`deltaFrom`, its id). */
export type LabAnswer = Omit<LabView, keyof ViewState | 'previous'> & (ViewState | { deltaFrom: number; delta: ViewDelta });

/** What a command line typed in a terminal pane printed, run as one task at the shown step. */
export interface PaneOutput {
  /** the task it ran as (TaskRef) */
  task: number;
  line: string;
  output: string;
  /** 0, or -ERRNO of the call that failed */
  value: string;
  /** the line could not run: it does not parse, or it would change the machine */
  refused?: string;
}

/** One cgroup directory of a hierarchy, as cgroupfs shows it. */
export interface CgroupNode {
  /** path below the hierarchy's mount point, "/" for its root */
  path: string;
  /** the files read (a chosen set: controllers, limits, usage, members), name → text without its final newline */
  files: Record<string, string>;
  /** members (cgroup.procs on v2, tasks on v1) as global TaskRefs; the file is read by init */
  members: number[];
  children: CgroupNode[];
}

export interface CgroupHierarchy {
  /** where init sees it mounted (/sys/fs/cgroup, /sys/fs/cgroup/cpuset ...) */
  mountPoint: string;
  /** "cgroup2", or the v1 hierarchy's controllers ("cpuset", "name=systemd") */
  kind: string;
  /** 2 for the cgroup2 hierarchy, 1 for a v1 one */
  version: 1 | 2;
  root: CgroupNode;
}

export interface CgroupState {
  /** CPUs of the machine (for the CPU strip) */
  cpus: number;
  hierarchies: CgroupHierarchy[];
  /** why no hierarchy could be read, when none could */
  missing?: string;
}

/** What clone(flags) by `actor` did on a throwaway copy of the machine at the shown step. */
export interface CloneTrial {
  actor: number;
  flags: number;
  /** the value clone returned to the caller: the child's PID as the caller sees it, or -ERRNO */
  value: string;
  errno?: string;
  /** the child, when the call succeeded: its namespaces against the caller's */
  child?: {
    /** PID at every level, outermost first (NSpid) */
    nspid: number[];
    /** getpid() and getppid() as the child sees them */
    getpid: number;
    getppid: number;
    /** Tgid as the initial namespace sees it (CLONE_THREAD: the caller's) */
    tgid: number;
    /** PPid as the initial namespace sees it (CLONE_PARENT: the caller's parent) */
    ppid: number;
    /** per namespace type (and pid_for_children): the caller's inode, the child's inode */
    ns: Record<string, { caller: number; child: number }>;
  };
  /** ms the replay and the call took */
  ms: number;
}

/** Which machine the scenarios run on: the built-in simulator, or a real host's `nslab agent` (its URL with the token). */
export type BackendChoice = { kind: 'sim' } | { kind: 'host'; url: string };

/** The machine now in use; `error` says why a real host could not be used (the simulator stays). */
export type BackendState =
  | { kind: 'sim'; error?: string }
  | { kind: 'host'; url: string; cpus: number; cgroup: string };

export interface LabApi {
  /**
   * Run every later scenario on this machine. A real host is tried first (a
   * fresh sandbox is booted and closed); if the agent is unreachable or
   * refuses, the simulator stays and `error` says why. The loaded scenario
   * must be loaded again.
   */
  useBackend(choice: BackendChoice): Promise<BackendState>;
  /** Parse a scenario; on success it becomes the loaded one, booted at step 0. */
  load(text: string, name: string): Promise<LoadResult>;
  /**
   * The state after `k` steps (clamped to 0..total). Forward from the current
   * step runs only the missing steps; backward re-runs from boot, which is
   * deterministic, so step k always shows the same machine, without
   * `previous`. `held`: the view the page already holds; the outcomes it has
   * are not sent again, and the machine comes as a delta from it when the
   * worker still knows that observation.
   */
  goto(k: number, held?: { at: number; id: number }): Promise<LabAnswer>;
  /**
   * The step after the view the page holds, as goto() would answer it, as
   * soon as the worker has observed it ahead (null: it will not be). The
   * page then shows that step without asking, and says so with showing().
   */
  next(held: { at: number; id: number }): Promise<LabAnswer | null>;
  /** The machine before the step the page holds, as a delta from it: its `previous` after a jump. */
  previous(held: { at: number; id: number }): Promise<LabAnswer | null>;
  /** The page shows step k, the observation `id` it already held (from next(), or shown before). */
  showing(k: number, id: number): Promise<void>;
  /**
   * Run command lines (ps, cat, ls, hostname, readlink, lsns, uname, mount,
   * findmnt) as tasks of the machine at the shown step. A line that would
   * change the machine (hostname NAME, > FILE) is refused, not run.
   */
  commands(lines: { task: number; line: string }[]): Promise<PaneOutput[]>;
  /** The cgroup hierarchies init sees at the shown step, read from cgroupfs. */
  cgroups(): Promise<CgroupState>;
  /** clone(flags) by `actor` on a throwaway copy of the machine at the shown step. */
  tryClone(actor: number, flags: number): Promise<CloneTrial>;
  /** The scenario parser's diagnostics for a text (the editor's errors as you type); nothing is loaded. */
  check(text: string): Promise<SourceError[]>;
  /** The userland commands a scenario may run, with their usage (the editor completes them). */
  commandNames(): Promise<{ name: string; usage: string }[]>;
  /** Resolves once the worker has nothing left to prefetch (tests and benchmarks wait on it). */
  idle(): Promise<{ cached: number[] }>;
}
