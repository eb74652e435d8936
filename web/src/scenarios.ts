// The scenarios shipped with the app: every .nslab file under the
// repository's scenarios/ directory, bundled as text at build time.
const files = import.meta.glob('../../scenarios/**/*.nslab', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LibraryScenario {
  /** the path under scenarios/ without `.nslab` (e.g. `container-test`, `core/orphans`) */
  name: string;
  /** the folder under scenarios/ ('' at the top) */
  group: string;
  /** the first comment line, `# name: title` → `title` */
  title: string;
  text: string;
}

function titleOf(name: string, text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '');
  const m = first?.match(/^\s*#\s*(?:[\w-]+\s*:\s*)?(.*\S)/);
  return m ? m[1] : name;
}

/** the top-level scenarios first (container-test leading: the seed lab's experiment), then each folder */
export const library: LibraryScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.replace(/^.*\/scenarios\//, '').replace(/\.nslab$/, '');
    const group = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    return { name, group, title: titleOf(name, text), text };
  })
  .sort(
    (a, b) =>
      Number(a.name !== 'container-test') - Number(b.name !== 'container-test') ||
      a.group.localeCompare(b.group) ||
      a.name.localeCompare(b.name),
  );

/** the library by folder, in library order */
export const libraryGroups: { group: string; scenarios: LibraryScenario[] }[] = [];
for (const s of library) {
  const last = libraryGroups[libraryGroups.length - 1];
  if (last && last.group === s.group) last.scenarios.push(s);
  else libraryGroups.push({ group: s.group, scenarios: [s] });
}
