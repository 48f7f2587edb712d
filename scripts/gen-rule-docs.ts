// Writes docs/rules/<ID>.md for every id Hairpin reports under (rules and suppression problems).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocPage } from '../server/src/core/rules/docs';
import { ALL_RULE_METAS } from '../server/src/core/rules/registry';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const meta of ALL_RULE_METAS) writeFileSync(join(dir, `${meta.id}.md`), ruleDocPage(meta));
process.stdout.write(`wrote ${ALL_RULE_METAS.length} rule pages to docs/rules\n`);
