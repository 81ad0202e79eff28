// Rebuilds the .cell binaries from their YAML sources (here and in the demos/
// subfolder) and schema.json from the compiler's key tables (needs
// `npx tsc -p .` first). With --check, only compares and exits 1 when a
// committed file differs.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfig, configJsonSchemaText, ConfigError } from '../dist/src/config/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes('--check');
/** Folders holding YAML sources, relative to this one. */
const SOURCE_DIRS = ['.', 'demos'];
let stale = 0;

function emit(name, bytes) {
  const path = join(here, name);
  const same = existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0;
  if (same) return;
  if (check) { console.error(`${name} is out of date`); stale++; return; }
  writeFileSync(path, bytes);
  console.log(`wrote ${name}`);
}

try {
  for (const dir of SOURCE_DIRS) {
    for (const f of readdirSync(join(here, dir)).filter((x) => x.endsWith('.yaml')).sort()) {
      const src = dir === '.' ? f : `${dir}/${f}`;
      emit(src.replace(/\.yaml$/, '.cell'), buildConfig(readFileSync(join(here, src), 'utf8'), src));
    }
  }
  emit('schema.json', new TextEncoder().encode(configJsonSchemaText()));
} catch (e) {
  if (e instanceof ConfigError) { console.error(e.message); process.exit(2); }
  throw e;
}
process.exit(stale ? 1 : 0);
