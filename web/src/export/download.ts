// Handing a made file to the user: the browser's download of a blob.

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the URL by the time the next task runs; keep it a while for slow handlers
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
