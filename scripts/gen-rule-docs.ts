// Writes docs/rules/<ID>.md for every registered rule.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocPage } from '../server/src/core/rules/docs';
import { RULES } from '../server/src/core/rules/registry';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const rule of RULES) writeFileSync(join(dir, `${rule.meta.id}.md`), ruleDocPage(rule.meta));
process.stdout.write(`wrote ${RULES.length} rule pages to docs/rules\n`);
