// make-sw.mjs — writes the build id and the file list into SITE/sw.js (see web/sw.js): the id is a
// hash of every file of the site, so any change installs a new cache and an unchanged rebuild does not.
// Usage: node web/tools/make-sw.mjs SITE_DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const site = process.argv[2];
if (!site) throw new Error('usage: make-sw.mjs SITE_DIR');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const files = [...walk(site)].map((p) => relative(site, p).split(sep).join('/')).filter((f) => f !== 'sw.js');
const hash = createHash('sha256');
for (const f of files) hash.update(f).update('\0').update(readFileSync(join(site, f))).update('\0');
const source = readFileSync(join(site, 'sw.js'), 'utf8');
const build = hash.update(source).digest('hex').slice(0, 16);
const out = source
  .replace(/^const BUILD = '[^']*';$/m, `const BUILD = '${build}';`)
  .replace(/^const FILES = \[.*\];$/m, `const FILES = ${JSON.stringify(files)};`);
if (!out.includes(build) || !out.includes('"index.html"')) throw new Error(`make-sw: ${site}/sw.js has no BUILD/FILES lines to fill`);
writeFileSync(join(site, 'sw.js'), out);
console.log(`make-sw: build ${build}, ${files.length} files`);
