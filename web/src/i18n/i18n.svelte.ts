// The interface's language: English or Catalan (the seed course's), the
// browser's language until the user picks one; the choice is remembered.
// Scenario texts, command output and kernel messages stay as they are.
import { en, type MessageKey } from './en.ts';
import { ca } from './ca.ts';

export type Lang = 'en' | 'ca';
export const LANGS: { id: Lang; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'ca', name: 'Català' },
];
const KEY = 'nslab-lang';
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ca };

function initial(): Lang {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'en' || saved === 'ca') return saved;
  const prefs = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  for (const p of prefs) {
    const base = p.toLowerCase().split('-')[0];
    if (base === 'ca' || base === 'en') return base;
  }
  return 'en';
}

class I18n {
  lang = $state<Lang>(initial());

  constructor() {
    $effect.root(() => {
      $effect(() => {
        document.documentElement.lang = this.lang;
      });
    });
  }

  set = (lang: Lang) => {
    this.lang = lang;
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      // storage may be unavailable (private mode): the choice lasts for this page
    }
  };

  /** The message in the current language; {name} placeholders filled from `vars`. */
  t = (key: MessageKey, vars?: Record<string, string | number>): string => {
    const text = MESSAGES[this.lang][key] ?? en[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
  };
}

export const i18n = new I18n();
export const t = i18n.t;
