import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A stand-in for `npm run build:web`'s output, with the shape the gateway serves (see apps/gateway/src/web). */
export interface WebBuild {
  root: string;
  indexHtml: string;
  /** The entry script: large enough (over the 1 KiB threshold) to be compressed. */
  script: { url: string; body: string };
  stylesheet: { url: string; body: string };
  favicon: { url: string; body: string };
  remove(): void;
}

/** Writes a small built app into a new temporary folder: index.html, hashed assets and a favicon. */
export function writeWebBuild(): WebBuild {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-web-'));
  const script = {
    url: '/assets/index-Bx7q2Lm9.js',
    // Many similar lines, as bundled code is: compresses well, so an uncompressed answer shows.
    body: Array.from({ length: 400 }, (_, i) => `export const route${i} = "/products/${i}";`).join('\n'),
  };
  const stylesheet = { url: '/assets/index-C4pTz0aa.css', body: 'body{margin:0;font-family:system-ui}\n' };
  const favicon = {
    url: '/favicon.svg',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7"/></svg>\n',
  };
  const indexHtml =
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Bazaar</title>\n' +
    `<link rel="icon" href="${favicon.url}">\n` +
    `<script type="module" crossorigin src="${script.url}"></script>\n` +
    `<link rel="stylesheet" crossorigin href="${stylesheet.url}">\n` +
    '</head>\n<body><div id="root"></div></body>\n</html>\n';
  fs.mkdirSync(path.join(root, 'assets'));
  for (const [url, body] of [
    ['/index.html', indexHtml],
    [script.url, script.body],
    [stylesheet.url, stylesheet.body],
    [favicon.url, favicon.body],
  ]) {
    fs.writeFileSync(path.join(root, url), body);
  }
  return {
    root,
    indexHtml,
    script,
    stylesheet,
    favicon,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
