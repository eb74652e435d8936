// Debian's Chromium as playwright-core drives it (TOOLCHAIN.md pitfall 8):
// `nslab export` and the browser tests launch it the same way. playwright
// adds --headless and a fresh --user-data-dir itself.
export const CHROMIUM = process.env.NSLAB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
