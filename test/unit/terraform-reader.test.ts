import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { TfExpr, TfFileSyntax } from '../../server/src/core/model/terraform';
import { readTerraformFile } from '../../server/src/core/parse/terraform/read-terraform';
import { initTestGrammars } from '../helpers/grammars';

function syntax(text: string, path = 'm/main.tf'): { tf: TfFileSyntax; notices: ReturnType<typeof readTerraformFile>['notices']; at: (s?: { start: number; end: number }) => string } {
  const facts = readTerraformFile({ path, text });
  assert.equal(facts.terraform?.kind, 'file');
  return { tf: facts.terraform as TfFileSyntax, notices: facts.notices, at: (s) => (s ? text.slice(s.start, s.end) : '(none)') };
}

function attr(tf: TfFileSyntax, block: number, name: string): TfExpr | undefined {
  return tf.body.blocks[block]?.body?.attributes.find((a) => a.name === name)?.value;
}

describe('Terraform reader: raw per-file facts', () => {
  before(() => initTestGrammars());

  it('keeps only the blocks that can matter, with header spans; the models are built per module later', () => {
    const text = 'terraform {\n  required_version = ">= 1.5"\n}\nresource "aws_s3_bucket" "logs" {\n  bucket = "x"\n}\nresource "aws_lb" "this" {\n  internal = true\n}\noutput "arn" {\n  value = aws_lb.this.arn\n}\nvariable "x" {\n  default = 1\n}\nlocals {\n  y = 2\n}\nmodule "m" {\n  source = "./m"\n}\n';
    const facts = readTerraformFile({ path: 'mod/main.tf', text });
    assert.deepEqual([facts.loadBalancers.length, facts.notices.length], [0, 0]);
    const tf = facts.terraform as TfFileSyntax;
    assert.deepEqual([tf.kind, tf.folder, tf.variant], ['file', 'mod', 'tf']);
    assert.deepEqual(tf.body.blocks.map((b) => `${b.type} ${b.labels.map((l) => l.value).join(' ')}`), ['resource aws_lb this', 'variable x', 'locals ', 'module m']);
    assert.equal(text.slice(tf.body.blocks[0]!.head.start, tf.body.blocks[0]!.head.end), 'resource "aws_lb" "this"');
  });

  it('decodes strings: escapes, $${ }, unicode; spans are UTF-16 offsets', () => {
    const { tf, at } = syntax('# é😀\nlocals {\n  a = "x\\"y\\n\\u00e9"\n  b = "$${not} %%{this}"\n  c = "plain"\n  d = "v-${var.x}-w"\n  e = 0x1F\n  f = null\n}\n');
    const locals = (n: string) => tf.body.blocks[0]!.body!.attributes.find((a) => a.name === n)!.value;
    assert.deepEqual(locals('a').kind === 'literal' && [locals('a').kind, (locals('a') as { value: unknown }).value], ['literal', 'x"y\né']);
    assert.equal((locals('b') as { value: unknown }).value, '${not} %{this}');
    const c = locals('c');
    assert.ok(c.kind === 'literal' && c.exactStart !== undefined);
    assert.equal(at(c.span), '"plain"');
    assert.equal(at({ start: c.exactStart!, end: c.exactStart! + 5 }), 'plain');
    const d = locals('d');
    assert.ok(d.kind === 'template');
    assert.deepEqual(d.parts.map((p) => (p.kind === 'text' ? p.value : 'INTERP')), ['v-', 'INTERP', '-w']);
    assert.equal((locals('e') as { value: unknown }).value, 31);
    assert.equal((locals('f') as { value: unknown }).value, null);
  });

  it('heredocs: <<EOT kept as written, <<-EOT without its common indentation', () => {
    const { tf } = syntax('locals {\n  a = <<EOT\n  one\n    two\nEOT\n  b = <<-EOT\n    one\n      two\n    EOT\n}\n');
    const a = tf.body.blocks[0]!.body!.attributes[0]!.value;
    const b = tf.body.blocks[0]!.body!.attributes[1]!.value;
    assert.deepEqual(a.kind === 'literal' && a.value, '  one\n    two\n');
    assert.deepEqual(b.kind === 'literal' && b.value, 'one\n  two\n');
  });

  it('.tfvars files: top-level attributes', () => {
    const { tf } = syntax('env = "prod"\nports = [1, 2]\n', 'm/terraform.tfvars');
    assert.equal(tf.variant, 'tfvars');
    assert.deepEqual(tf.body.attributes.map((a) => a.name), ['env', 'ports']);
  });

  it('an unterminated string: a notice at the string, and the next resource is still read', () => {
    const text = 'resource "aws_lb" "a" {\n  internal = true\n  name = "oops\n  load_balancer_type = "network"\n}\n\nresource "aws_lb_target_group" "b" {\n  port = 30080\n}\n';
    const { tf, notices, at } = syntax(text);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.level, 'error');
    assert.match(notices[0]!.message, /^HCL syntax error: unterminated string/);
    assert.ok(at(notices[0]!.span).startsWith('"oops'));
    const [a, b] = tf.body.blocks;
    assert.deepEqual(a?.body?.attributes.map((x) => x.name), ['internal'], 'what came before the error is kept');
    assert.ok(a?.brokenAt);
    assert.equal(b?.brokenAt, undefined);
    assert.equal(attr(tf, 1, 'port')?.kind, 'literal');
  });

  it('a missing closing brace and garbage between blocks do not hide the blocks around them', () => {
    const text = 'resource "aws_lb" "a" {\n  internal = true\n\nresource "aws_lb" "b" {\n  internal = false\n}\n%%% garbage ###\nlocals {\n  x = 1\n}\n';
    const { tf, notices } = syntax(text);
    assert.ok(notices.length >= 1);
    assert.ok(notices.every((n) => n.span && /HCL syntax error/.test(n.message)));
    assert.deepEqual(tf.body.blocks.map((b) => b.labels[1]?.value ?? b.type), ['a', 'b', 'locals']);
    assert.equal(attr(tf, 1, 'internal')?.kind, 'literal');
  });

  it('an empty file and a comment-only file read as empty, without notices', () => {
    for (const text of ['', '# nothing here\n// nor here\n/* at all */\n']) {
      const { tf, notices } = syntax(text);
      assert.deepEqual([tf.body.blocks.length, tf.body.attributes.length, notices.length], [0, 0, 0]);
    }
  });
});
