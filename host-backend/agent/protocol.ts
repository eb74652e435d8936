// The agent's WebSocket protocol, one JSON object per text message.
// client → agent: a request with an id the reply repeats;
// agent → client: { id, ok: true, result } or { id, ok: false, error }, where
// error says what was wrong and where (id null when the message had none).
import { z } from 'zod';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const ref = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const arg = z.union([z.number(), z.string().max(1 << 20)]);

export const BootConfig = z.object({
  hostname: z.string().min(1).max(64).optional(),
  // the host has its own: accepted for the Backend interface, reported back as they really are
  cpus: z.number().optional(),
  memory: z.number().optional(),
  cgroup: z.enum(['v1', 'v2', 'hybrid']).optional(),
  pidLevelsLeft: z.number().optional(),
}).strict();

export const Request = z.discriminatedUnion('op', [
  z.object({ id, op: z.literal('boot'), config: BootConfig.optional() }).strict(),
  z.object({ id, op: z.literal('machine') }).strict(),
  z.object({ id, op: z.literal('call'), task: ref, name: z.string().min(1).max(64), args: z.array(arg).max(4096) }).strict(),
  z.object({ id, op: z.literal('pidOf'), viewer: ref, target: ref }).strict(),
  z.object({ id, op: z.literal('close') }).strict(),
]);
export type Request = z.infer<typeof Request>;

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number | null; ok: false; error: string };

/** The request, or an error text naming the offending field. */
export function parseRequest(text: string): { req: Request } | { id: number | null; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { id: null, error: `malformed JSON: ${(e as Error).message}` };
  }
  const fast = wellFormedCall(raw) ?? wellFormedBoot(raw);
  if (fast) return { req: fast };
  const r = Request.safeParse(raw);
  if (r.success) return { req: r.data };
  const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(message)';
  return {
    id: typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null,
    error: `invalid request at ${where}: ${issue.message}`,
  };
}

const CALL_KEYS = new Set(['id', 'op', 'task', 'name', 'args']);
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isRef = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31 - 1;

/**
 * The common message, a well-formed call, checked by hand: the request when
 * `Request` (the spec) would accept it unchanged, else null and zod decides
 * (and words the error). It accepts nothing zod rejects
 * (test/host/protocol.test.ts compares both on a corpus).
 */
function wellFormedCall(raw: unknown): Extract<Request, { op: 'call' }> | null {
  if (!isPlain(raw)) return null;
  const m = raw;
  if (m.op !== 'call') return null;
  let keys = 0;
  for (const k in m) {
    if (!Object.hasOwn(m, k) || !CALL_KEYS.has(k)) return null;
    keys++;
  }
  if (keys !== 5) return null;
  const { id, task, name, args } = m;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
  if (!isRef(task)) return null;
  if (typeof name !== 'string' || name.length < 1 || name.length > 64) return null;
  if (!Array.isArray(args) || args.length > 4096) return null;
  for (const a of args) {
    if (typeof a === 'number' ? !Number.isFinite(a) : typeof a !== 'string' || a.length > 1 << 20) return null;
  }
  return m as Extract<Request, { op: 'call' }>;
}

/**
 * The other common message, a boot with no config or an empty one (what
 * RemoteBackend sends unless a hostname is asked for), checked by hand on
 * the same terms as wellFormedCall; any other boot is zod's.
 */
function wellFormedBoot(raw: unknown): Extract<Request, { op: 'boot' }> | null {
  if (!isPlain(raw) || raw.op !== 'boot') return null;
  for (const k in raw) if (!Object.hasOwn(raw, k) || (k !== 'id' && k !== 'op' && k !== 'config')) return null;
  const { id, config } = raw;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
  if (Object.hasOwn(raw, 'config') && !(isPlain(config) && Object.keys(config).length === 0)) return null;
  return raw as Extract<Request, { op: 'boot' }>;
}
