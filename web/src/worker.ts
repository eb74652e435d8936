// The simulator's Web Worker. Comlink.expose runs first and the kernel is
// imported lazily inside the calls (TOOLCHAIN.md pitfall 4: a module with
// top-level await would otherwise lose the page's first message).
import * as Comlink from 'comlink';
import type { LabApi } from './protocol.ts';

type Session = typeof import('./sim/session.ts');
let session: Promise<Session> | undefined;
const lab = () => (session ??= import('./sim/session.ts'));

const api: LabApi = {
  async useBackend(choice) {
    return (await lab()).useBackend(choice);
  },
  async load(text, name) {
    return (await lab()).load(text, name);
  },
  async goto(k, held) {
    return (await lab()).goto(k, held);
  },
  async next(held) {
    return (await lab()).next(held);
  },
  async previous(held) {
    return (await lab()).previous(held);
  },
  async showing(k, id) {
    return (await lab()).showing(k, id);
  },
  async commands(lines) {
    return (await lab()).commands(lines);
  },
  async cgroups() {
    return (await lab()).cgroups();
  },
  async tryClone(actor, flags) {
    return (await lab()).tryClone(actor, flags);
  },
  async check(text) {
    return (await lab()).check(text);
  },
  async commandNames() {
    return (await lab()).commandNames();
  },
  async idle() {
    return (await lab()).idle();
  },
};

Comlink.expose(api);
// now that messages are heard, start fetching the simulator before the first one arrives
void lab();
