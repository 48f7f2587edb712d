import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { grammarFor } from '../../server/src/core/parse/read-file';
import { readGrammarBytes } from '../../server/src/host/grammars';
import { readSourceFile } from '../../server/src/host/read-source';

/**
 * The CLI's cold path reads no more than it needs: the grammars its files call for, and each listed
 * file with as few system calls as the reading policy allows, with the same outcome as the full policy.
 */

const ROOT = join(__dirname, '..', '..');

describe('grammarFor: the grammar a file needs, by the readers dispatch', () => {
  const cases: [path: string, text: string, want: string | undefined][] = [
    ['k8s/svc.yaml', 'kind: Service', undefined],
    ['k8s/svc.YML', 'kind: Service', undefined],
    ['cfn/stack.template.json', '{"Resources": {"A": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer"}}}', undefined],
    ['cfn/stack.template', 'Resources: {}', undefined],
    ['infra/lb.tf', 'resource "aws_lb" "a" {}', 'hcl'],
    ['infra/prod.tfvars', 'zones = 3', 'hcl'],
    ['infra/LB.TF', '', 'hcl'],
    ['cdk/stack.ts', "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';", 'typescript'],
    ['cdk/util.ts', 'export const x = 1;', undefined],
    ['cdk/app.py', 'from aws_cdk import aws_elasticloadbalancingv2 as elbv2', 'python'],
    ['cdk/APP.PY', 'import aws_cdk.aws_elasticloadbalancingv2', 'python'],
    ['scripts/tool.py', 'print(1)', undefined],
    ['README.md', 'elasticloadbalancingv2', undefined],
  ];
  for (const [path, text, want] of cases) {
    it(`${path}: ${want ?? 'none'}`, () => assert.equal(grammarFor({ path, text }), want));
  }
  it('an editor buffer marked YAML needs none, whatever its name', () => {
    assert.equal(grammarFor({ path: 'untitled:stack.ts', text: 'elasticloadbalancingv2', language: 'yaml' }), undefined);
  });
});

describe('readGrammarBytes: only the grammars asked for', () => {
  const read = (only?: Iterable<'hcl' | 'typescript' | 'python'>) => readGrammarBytes(join(ROOT, 'dist', 'grammars'), join(ROOT, 'node_modules'), only);
  it('all three by default', () => assert.deepEqual(Object.keys(read().grammars).sort(), ['hcl', 'python', 'typescript']));
  for (const only of [[], ['hcl'], ['typescript'], ['hcl', 'python']] as const) {
    it(`[${only.join(', ')}]`, () => {
      const bytes = read(only);
      assert.deepEqual(Object.keys(bytes.grammars).sort(), [...only].sort());
      assert.ok(bytes.runtime.byteLength > 0, 'the runtime is always read');
      for (const name of only) assert.ok(bytes.grammars[name]!.byteLength > 0, name);
    });
  }
});

describe('readSourceFile with listedAsFile: the full policy outcome, fewer system calls', () => {
  const base = mkdtempSync(join(tmpdir(), 'hairpin-cold-read-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  const roots = [realpathSync(root)];
  const both = (path: string) => [readSourceFile(path, { roots, maxChars: 1_000_000 }), readSourceFile(path, { roots, maxChars: 1_000_000, listedAsFile: true })] as const;

  const texts: Record<string, Buffer> = {
    'plain.yaml': Buffer.from('kind: Service\nmetadata: {name: a}\n'),
    'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: Service\n')]),
    'wide.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Service\n', 'utf16le')]),
    'empty.yaml': Buffer.alloc(0),
    'exactly-1024.tf': Buffer.from('#'.repeat(1023) + '\n'),
    'large.yaml': Buffer.from(`# ${'é'.repeat(150_000)}\nkind: Service\n`),
  };
  for (const [name, bytes] of Object.entries(texts)) {
    it(`reads ${name} whole, as the full policy does`, () => {
      const path = join(root, name);
      writeFileSync(path, bytes);
      const [full, listed] = both(path);
      assert.ok(listed.ok && full.ok);
      assert.equal(listed.text, full.text);
      assert.equal(listed.realPath, path);
      assert.ok(listed.text.length >= (name === 'empty.yaml' ? 0 : 10));
      assert.ok(!listed.text.startsWith('\ufeff'), 'the mark is dropped');
    });
  }

  it('a link that replaced a listed file is judged by the full policy: outside the workspace, skipped', () => {
    writeFileSync(join(outside, 'secret.yaml'), 'kind: Service\n');
    const path = join(root, 'was-a-file.yaml');
    symlinkSync(join(outside, 'secret.yaml'), path);
    const [full, listed] = both(path);
    assert.deepEqual(listed, full);
    assert.ok(!listed.ok && /outside the workspace/.test(listed.notice.message));
  });

  it('a link that replaced a listed file, inside the workspace: read where it points', () => {
    writeFileSync(join(root, 'target.yaml'), 'kind: ConfigMap\n');
    const path = join(root, 'alias.yaml');
    symlinkSync(join(root, 'target.yaml'), path);
    const [full, listed] = both(path);
    assert.deepEqual(listed, full);
    assert.ok(listed.ok && listed.realPath === join(roots[0]!, 'target.yaml'));
  });

  it('a file removed since the listing: the full policy notice', () => {
    const [full, listed] = both(join(root, 'gone.yaml'));
    assert.deepEqual(listed, full);
    assert.ok(!listed.ok && /no longer exists/.test(listed.notice.message));
  });

  it('a named pipe that replaced a listed file is not read (no hang), with the full policy notice', { skip: process.platform === 'win32' }, () => {
    const path = join(root, 'pipe.yaml');
    execFileSync('mkfifo', [path]);
    const [full, listed] = both(path);
    assert.deepEqual(listed, full);
    assert.ok(!listed.ok && /named pipe/.test(listed.notice.message));
  });

  it('a file over the limit: the same notice', () => {
    const path = join(root, 'big.yaml');
    writeFileSync(path, 'x'.repeat(5000));
    const full = readSourceFile(path, { roots, maxChars: 1000 });
    const listed = readSourceFile(path, { roots, maxChars: 1000, listedAsFile: true });
    assert.deepEqual(listed, full);
    assert.ok(!listed.ok && /over the 1000-character limit/.test(listed.notice.message));
  });
});
