import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { readFile } from '../../server/src/core/parse/read-file';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { FIXTURES } from '../helpers/fixtures';

function yamlFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFixtures(p) : /\.ya?ml$/.test(name) ? [readFileSync(p, 'utf8')] : [];
  });
}

const seeds = yamlFixtures(FIXTURES);

/** Real fixtures cut, spliced, duplicated and sprinkled with YAML's special characters. */
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', ':', '- ', '{{ x }}', '&a', '*a', '!Ref ', '"', "'", '\n  ', '\t', '---\n', '[', '}', '#', '\u0000', '\ud800', 'é😀')), { maxLength: 8 }))
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, del, insert] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      text = text.slice(0, i) + insert + text.slice(i + del);
    }
    return text;
  });

describe('readers never throw (fast-check)', () => {
  it('mutated fixtures: reading and analysing never throws, and every notice names the file', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const facts = readFile({ path: 'm.yaml', text });
        for (const n of facts.notices) assert.equal(n.file, 'm.yaml');
        analyze([{ path: 'm.yaml', text }]);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings as YAML, JSON and .hairpin.yaml', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        readFile({ path: 'x.yaml', text });
        readFile({ path: 'x.template.json', text: `AWS::${text}` });
        readHairpinConfig({ path: '.hairpin.yaml', text });
      }),
      { numRuns: 400 },
    );
  });

  it('deep nesting and long documents are read without a stack overflow', () => {
    const deep = `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`;
    readFile({ path: 'deep.yaml', text: deep });
    const flow = `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    readFile({ path: 'flow.yaml', text: flow });
  });
});
