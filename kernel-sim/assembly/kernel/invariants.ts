// The model's invariants, checked after every call by the debug build's
// kernel_check() in tests. Each line names the rule it checks.
import { Task, EXIT_ZOMBIE } from "./task";
import { machine, allTasks, taskByRef } from "./machine";

function who(t: Task): string {
  return "task " + unchecked(t.pid.numbers[0]).nr.toString() + " (" + t.comm + ")";
}

export function checkInvariants(): string {
  const tasks = allTasks();
  if (tasks.length != machine.nrTasks) return "nrTasks " + machine.nrTasks.toString() + " != tasks " + tasks.length.toString();
  // every task that some children list holds
  const inChildList = new Set<Task>();
  for (let k = 0; k < tasks.length; k++) {
    let c = unchecked(tasks[k]).firstChild;
    while (c) { inChildList.add(c); c = c.nextSibling; }
  }
  for (let k = 0; k < tasks.length; k++) {
    const t = unchecked(tasks[k]);
    const ref = unchecked(t.pid.numbers[0]).nr;
    const pid = t.pid;
    if (pid.task !== t) return who(t) + ": pid.task is not the task";
    if (pid.numbers.length != pid.level + 1) return who(t) + ": one number per level";
    if (unchecked(pid.numbers[0]).nr != ref) return who(t) + ": handle is its level-0 pid";
    for (let i = 0; i <= pid.level; i++) {
      const u = unchecked(pid.numbers[i]);
      if (u.ns.level != i) return who(t) + ": level " + i.toString() + " holds a namespace of level " + u.ns.level.toString();
      if (i > 0 && u.ns.parent !== unchecked(pid.numbers[i - 1]).ns) return who(t) + ": namespaces of its levels are not nested";
      if (u.ns.idrFind(u.nr) !== pid) return who(t) + ": pid " + u.nr.toString() + " at level " + i.toString() + " maps to another pid";
    }
    if (t.exitState != 0 && t.exitState != EXIT_ZOMBIE) return who(t) + ": released task still listed";
    if (t.signal.threads.indexOf(t) < 0) return who(t) + ": missing from its thread group";
    if (t.groupLeader.signal !== t.signal) return who(t) + ": leader of another thread group";
    const parent = t.realParent;
    if (parent) {
      const pref = unchecked(parent.pid.numbers[0]).nr;
      if (taskByRef(pref) !== parent) return who(t) + ": parent was released";
      if (t.isLeader() && !inChildList.has(t)) return who(t) + ": not in its parent's children";
    } else if (ref != 1 && !(t.groupLeader !== t && unchecked(t.groupLeader.pid.numbers[0]).nr == 1)) return who(t) + ": no parent";
    let c = t.firstChild;
    let prev: Task | null = null;
    while (c) {
      if (c.realParent !== t) return who(t) + ": child " + unchecked(c.pid.numbers[0]).nr.toString() + " names another parent";
      if (c.prevSibling !== prev) return who(t) + ": broken children list";
      prev = c;
      c = c.nextSibling;
    }
    if (t.lastChild !== prev) return who(t) + ": lastChild is not the list's end";
    if (t.alive() && !t.nsproxy) return who(t) + ": alive without nsproxy";
    const reaper = t.activePidNs().childReaper;
    if (reaper && unchecked(reaper.pid.numbers[reaper.pid.level]).nr != 1 && reaper.signal.threads.indexOf(reaper) < 0) return who(t) + ": reaper of its namespace is not its init";
  }
  return "";
}
