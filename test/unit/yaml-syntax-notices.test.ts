/**
 * YAML files are parsed without the parser's pretty errors (parse/yaml-file.ts), and a file with an error
 * is parsed again with them: a syntax error's notice still names its line and column, and the other
 * documents of the file are still read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFile } from '../../server/src/core/parse/read-file';

const service = (name: string) => ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', '  type: LoadBalancer', '  ports:', '    - {port: 443}'].join('\n');

describe('YAML syntax errors keep their line and column', () => {
  for (const [name, text, line] of [
    ['an unclosed flow map in the only document', 'a: {b: 1\nc: 2\n', 2],
    ['a bad indentation in the second document', `${service('one')}\n---\nkey: value\n  bad: indent\n`, 10],
    ['an error after CloudFormation tags, whose warnings nothing reads', 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Ref Y\n---\n"unterminated\n', 8],
  ] as const) {
    it(name, () => {
      const facts = readFile({ path: 'f.yaml', text });
      const errors = facts.notices.filter((n) => n.message.startsWith('YAML syntax error'));
      assert.equal(errors.length, 1, JSON.stringify(facts.notices));
      assert.match(errors[0]!.message, new RegExp(` at line ${line}, column \\d+$`));
    });
  }

  it('the documents without an error are read', () => {
    const facts = readFile({ path: 'f.yaml', text: `${service('one')}\n---\nkey: value\n  bad: indent\n---\n${service('two')}\n` });
    assert.deepEqual(facts.services.map((s) => s.name), ['one', 'two']);
  });
});
