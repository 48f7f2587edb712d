// The baseline of bench/cli-cold.ts, run as a cold process: read every file under a folder and run the
// `yaml` library's parseAllDocuments on the YAML ones, the least any YAML-reading checker does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

for (const file of walk(process.argv[2], [])) {
  const text = readFileSync(file, 'utf8');
  if (/\.ya?ml$/.test(file)) parseAllDocuments(text);
}
