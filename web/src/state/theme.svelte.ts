// The colour theme: light or dark, the system's preference until the user
// picks one; the choice is remembered in localStorage and applied as
// data-theme on <html> (app.css holds both palettes).
export type Theme = 'light' | 'dark';
const KEY = 'nslab-theme';

function initial(): Theme {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

class ThemeState {
  current = $state<Theme>(initial());

  constructor() {
    $effect.root(() => {
      $effect(() => {
        document.documentElement.dataset.theme = this.current;
      });
    });
  }

  toggle = () => {
    this.current = this.current === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, this.current);
    } catch {
      // storage may be unavailable (private mode): the choice lasts for this page
    }
  };
}

export const theme = new ThemeState();
