// The scenarios shipped with the app: every file of the repository's
// scenarios/ directory, bundled as text at build time.
const files = import.meta.glob('../../scenarios/*.nslab', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LibraryScenario {
  /** the file name without `.nslab` (e.g. `container-test`) */
  name: string;
  /** the first comment line, `# name: title` → `title` */
  title: string;
  text: string;
}

function titleOf(name: string, text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '');
  const m = first?.match(/^\s*#\s*(?:[\w-]+\s*:\s*)?(.*\S)/);
  return m ? m[1] : name;
}

export const library: LibraryScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.replace(/^.*\//, '').replace(/\.nslab$/, '');
    return { name, title: titleOf(name, text), text };
  })
  .sort((a, b) => (a.name === 'container-test' ? -1 : b.name === 'container-test' ? 1 : a.name.localeCompare(b.name)));
