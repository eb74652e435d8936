// The scenario kept in the URL, so a link reproduces what is on screen:
//   #s=core/orphans&k=5      a library scenario, after step 5
//   #t=<base64url text>&k=2  a pasted scenario (its whole text), after step 2
export interface UrlState {
  /** a library scenario's name */
  name?: string;
  /** a pasted scenario's text */
  text?: string;
  /** the step shown */
  at: number;
  /** the view shown, when not the first one */
  view?: string;
}

/** the last text encoded: stepping re-encodes the URL with the same (possibly long) text every time */
let memo: { text: string; encoded: string } | null = null;

function toBase64Url(text: string): string {
  if (memo?.text === text) return memo.encoded;
  const encoded = encodeText(text);
  memo = { text, encoded };
  return encoded;
}

function encodeText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string | undefined {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function encodeUrlState(s: UrlState): string {
  const p = new URLSearchParams();
  if (s.name !== undefined) p.set('s', s.name);
  else if (s.text !== undefined) p.set('t', toBase64Url(s.text));
  if (s.at > 0) p.set('k', String(s.at));
  if (s.view) p.set('v', s.view);
  return '#' + p.toString().replace(/%2F/g, '/');
}

/** What a hash asks for; anything malformed is ignored, never an error. */
export function decodeUrlState(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const k = Number(p.get('k') ?? 0);
  const out: UrlState = { at: Number.isInteger(k) && k > 0 ? k : 0 };
  const view = p.get('v');
  if (view && /^[a-z]+$/.test(view)) out.view = view;
  const name = p.get('s');
  const t = p.get('t');
  if (name) out.name = name;
  else if (t) {
    const text = fromBase64Url(t);
    if (text !== undefined) out.text = text;
  }
  return out;
}
