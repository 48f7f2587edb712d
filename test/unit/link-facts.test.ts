/**
 * What decides that an edit need not link again (server/src/core/cache/link-facts.ts): a re-read file
 * keeps its previous link objects when they are equal by value, whatever its notices and suppressions
 * say; workspace-wide values are kept while the fields they read are equal file by file.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { FieldsMemo, hasLinkFacts, keepLinkFacts, sameLinkInputs } from '../../server/src/core/cache/link-facts';
import { readFile } from '../../server/src/core/parse/read-file';
import { initTestGrammars } from '../helpers/grammars';
import { deployment, nlbService } from '../lsp/helpers/workspace';

const read = (path: string, text: string) => readFile({ path, text });

describe('link facts', () => {
  before(() => initTestGrammars());

  it('a re-read with equal link facts keeps the previous objects and takes the new notices and suppressions', () => {
    const cases: [string, string, string][] = [
      ['file:///ws/svc.yaml', nlbService('a'), `${nlbService('a')}# hairpin-ignore HP101 reviewed\n`],
      ['file:///ws/deploy.yaml', deployment('a', 'a', 3), `${deployment('a', 'a', 3)}\n---\n: [\n`],
      ['file:///ws/lb.tf', 'resource "aws_lb" "x" {\n  load_balancer_type = "network"\n}\n', 'resource "aws_lb" "x" {\n  load_balancer_type = "network"\n}\n# owner: platform\n'],
      ['file:///ws/util.ts', 'export const x = 1;\n', 'export const x = 1;\n// two\n'],
      ['file:///ws/tool.py', 'print(1)\n', 'print(1)\n# two\n'],
    ];
    for (const [path, first, second] of cases) {
      const a = read(path, first);
      const b = read(path, second);
      const kept = keepLinkFacts(a, b);
      assert.notEqual(kept, a, path);
      assert.equal(kept.services, a.services, path);
      assert.equal(kept.workloads, a.workloads, path);
      assert.equal(kept.terraform, a.terraform, path);
      assert.equal(kept.notices, b.notices, path);
      assert.deepEqual(kept.suppressions, b.suppressions, path);
      assert.deepEqual(kept, b, `${path}: equal by value to what was read`);
      assert.ok(sameLinkInputs([a], [kept]), path);
    }
  });

  it('a re-read whose link facts differ is taken as read', () => {
    const cases: [string, string, string][] = [
      ['file:///ws/svc.yaml', nlbService('a'), nlbService('a', { crossZone: false })],
      ['file:///ws/svc2.yaml', nlbService('a'), `# moves every span\n${nlbService('a')}`],
      ['file:///ws/deploy.yaml', deployment('a', 'a', 3), deployment('a', 'a', 4)],
      ['file:///ws/lb.tf', 'resource "aws_lb" "x" {\n  load_balancer_type = "network"\n}\n', 'resource "aws_lb" "x" {\n  load_balancer_type = "network"\n  internal = true\n}\n'],
    ];
    for (const [path, first, second] of cases) {
      const a = read(path, first);
      const b = read(path, second);
      assert.equal(keepLinkFacts(a, b), b, path);
      assert.ok(!sameLinkInputs([a], [b]), path);
    }
  });

  it('files with nothing for linking are told apart from files with something', () => {
    assert.ok(!hasLinkFacts(read('file:///ws/util.ts', 'export const x = 1;\n')));
    assert.ok(!hasLinkFacts(read('file:///ws/tool.py', 'print(1)\n')));
    assert.ok(!hasLinkFacts(read('file:///ws/notes.yaml', 'title: notes\n')));
    assert.ok(hasLinkFacts(read('file:///ws/svc.yaml', nlbService('a'))));
    assert.ok(hasLinkFacts(read('file:///ws/deploy.yaml', deployment('a', 'a', 3))));
    assert.ok(hasLinkFacts(read('file:///ws/s3.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')));
  });

  it('a workspace-wide value is made again only when a field it reads changed in value', () => {
    const memo = new FieldsMemo<number>(['workloads']);
    let made = 0;
    const make = () => ++made;
    const svc = read('file:///ws/svc.yaml', nlbService('a'));
    const dep = read('file:///ws/deploy.yaml', deployment('a', 'a', 3));
    assert.equal(memo.get([svc, dep], make), 1);
    // The Service changed, the Deployment was read again with the same replicas: the workloads are equal.
    assert.equal(memo.get([read(svc.file, nlbService('a', { crossZone: false })), read(dep.file, deployment('a', 'a', 3))], make), 1);
    assert.equal(memo.get([svc, read(dep.file, deployment('a', 'a', 5))], make), 2);
    assert.equal(memo.get([svc], make), 3, 'a file gone');
    assert.equal(memo.get([dep], make), 4, 'another file in its place');
  });
});
