// A CPU list as the kernel prints it (cpuset(7) "List format": "0-3,8,10-11")
// turned into the CPUs it names; an empty or malformed list names none.
export function parseCpuList(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.trim().split(',')) {
    if (!part) continue;
    const m = /^(\d+)(?:-(\d+))?(?::(\d+)\/(\d+))?$/.exec(part.trim());
    if (!m) return new Set();
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let c = a; c <= b && c - a < 4096; c++) out.add(c);
  }
  return out;
}
