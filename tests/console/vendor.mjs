// Copies the console's third-party browser code from node_modules into the folder the gateway serves
// (src/Gateway/Console/wwwroot/vendor), so the console never loads anything from a CDN at run time.
// Run after changing a vendored package's version: `npm run vendor`; commit the result.
// With --check it changes nothing and exits 1 when the served copy differs from the installed package.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', '..', 'src', 'Gateway', 'Console', 'wwwroot', 'vendor', 'highlight');
const pkgDir = join(here, 'node_modules', '@highlightjs', 'cdn-assets');
const check = process.argv.includes('--check');

if (!existsSync(pkgDir)) {
  console.error(`missing ${pkgDir}: run npm ci in tests/console first`);
  process.exit(2);
}
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;

// ES-module builds: the core and the grammars the console highlights (config files agents report).
const files = [
  ['es/core.min.js', 'core.min.js'],
  ['es/languages/yaml.min.js', 'languages/yaml.min.js'],
  ['es/languages/json.min.js', 'languages/json.min.js'],
  ['es/languages/ini.min.js', 'languages/ini.min.js'],
  ['es/languages/xml.min.js', 'languages/xml.min.js'],
  ['es/languages/properties.min.js', 'languages/properties.min.js'],
  ['styles/a11y-light.min.css', 'a11y-light.min.css'],
  ['styles/a11y-dark.min.css', 'a11y-dark.min.css'],
  ['LICENSE', 'LICENSE.txt'],
];
const notice = `highlight.js ${version} (npm @highlightjs/cdn-assets ${version}), BSD-3-Clause: see LICENSE.txt.\n` +
  'Vendored by tests/console/vendor.mjs (npm run vendor); do not edit by hand.\n';

let stale = [];
for (const [from, to] of files) {
  const source = join(pkgDir, from);
  const destination = join(target, to);
  if (check) {
    if (!existsSync(destination) || !readFileSync(source).equals(readFileSync(destination))) stale.push(to);
  } else {
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(source, destination);
  }
}
const noticePath = join(target, 'VERSION');
if (check) {
  if (!existsSync(noticePath) || readFileSync(noticePath, 'utf8') !== notice) stale.push('VERSION');
  if (stale.length) {
    console.error(`vendored highlight.js differs from npm @highlightjs/cdn-assets ${version}: ${stale.join(', ')}; run npm run vendor in tests/console`);
    process.exit(1);
  }
  console.log(`vendored highlight.js ${version} is up to date`);
} else {
  writeFileSync(noticePath, notice);
  console.log(`vendored highlight.js ${version} into ${target}`);
}
