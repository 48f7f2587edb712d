import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * The CLI loads only the tree-sitter grammars its files need (compiling the TypeScript grammar alone
 * costs more than reading a thousand YAML files). Proved with a copy of the bundle that has the runtime
 * and the HCL grammar only: a tree that needs nothing more reads cleanly, and a tree that needs a
 * missing grammar gets the grammar notice.
 */

const ROOT = join(__dirname, '..', '..');
const base = mkdtempSync(join(tmpdir(), 'hairpin-grammars-'));
after(() => rmSync(base, { recursive: true, force: true }));
const bin = join(base, 'bin');
mkdirSync(join(bin, 'grammars'), { recursive: true });
copyFileSync(join(ROOT, 'dist', 'cli.js'), join(bin, 'cli.js'));
for (const f of ['web-tree-sitter.wasm', 'tree-sitter-hcl.wasm']) copyFileSync(join(ROOT, 'dist', 'grammars', f), join(bin, 'grammars', f));

function check(...paths: string[]): { notices: { file: string; message: string }[]; findings: { ruleId: string }[] } {
  const r = spawnSync(process.execPath, [join(bin, 'cli.js'), 'check', ...paths, '--format', 'json', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const grammarNotice = (out: ReturnType<typeof check>) => out.notices.some((n) => n.file === '(hairpin)' && /grammars did not load/.test(n.message));

describe('the CLI loads the grammars its files need, and only those', () => {
  for (const tree of ['examples/istio-gateway', 'test/fixtures/k8s', 'test/fixtures/cloudformation/internal-nlb.yaml', 'test/fixtures/proxy-protocol/k8s-nginx']) {
    it(`YAML and JSON alone need none: ${tree}`, () => {
      const out = check(tree);
      assert.ok(!grammarNotice(out));
    });
  }

  for (const tree of ['test/fixtures/terraform', 'test/fixtures/idle-timeout/terraform']) {
    it(`Terraform needs HCL alone: ${tree} reads with the TypeScript and Python grammars missing`, () => {
      const out = check(tree);
      assert.ok(!grammarNotice(out));
      assert.ok(out.findings.length > 0 || out.notices.length > 0);
    });
  }

  for (const file of ['test/fixtures/cdk/gateway-nlb-stack.ts', 'test/fixtures/cdk/gateway_nlb_stack.py']) {
    it(`CDK code needs its language's grammar: ${file} gets the notice when it is missing`, () => {
      assert.ok(grammarNotice(check(file)));
    });
  }

  it('TypeScript and Python files that build no load balancer need no grammar', () => {
    const dir = join(base, 'plain-code');
    mkdirSync(dir);
    writeFileSync(join(dir, 'util.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'tool.py'), 'print(1)\n');
    assert.ok(!grammarNotice(check(dir)));
  });
});
