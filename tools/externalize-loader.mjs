// Trunk post-build hook: moves the inline `<script type="module">` loader that
// trunk writes into index.html to an external, content-hashed file with an
// integrity attribute, so the console runs under `script-src 'self'` with no
// hash or nonce exception. Reads TRUNK_STAGING_DIR and TRUNK_PUBLIC_URL.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('externalize-loader: TRUNK_STAGING_DIR is not set (run it as a trunk hook)');
  process.exit(1);
}
let publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
if (!publicUrl.endsWith('/')) publicUrl += '/';

const htmlPath = join(staging, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const found = [...html.matchAll(inline)];
if (found.length !== 1) {
  console.error(`externalize-loader: expected one inline module script in index.html, found ${found.length}`);
  process.exit(1);
}
const [whole, body] = found[0];
const text = body.trim() + '\n';
const digest = (alg) => createHash(alg).update(text).digest();
const name = `loader-${digest('sha256').toString('hex').slice(0, 16)}.js`;
const integrity = `sha384-${digest('sha384').toString('base64')}`;
writeFileSync(join(staging, name), text);
const tag = `<script type="module" src="${publicUrl}${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
const out = html.replace(whole, tag);
if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(out) || /\sstyle=/i.test(out)) {
  console.error('externalize-loader: index.html still has an inline script or style');
  process.exit(1);
}
writeFileSync(htmlPath, out);
console.log(`externalize-loader: wrote ${name}`);
