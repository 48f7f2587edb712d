import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { terraformFacts } from '../../server/src/core/link/terraform/terraform-facts';
import type { TfFileSyntax } from '../../server/src/core/model/terraform';
import type { FileFacts, SourceFile } from '../../server/src/core/model/workspace';
import { readTerraformFile } from '../../server/src/core/parse/terraform/read-terraform';
import { initTestGrammars } from '../helpers/grammars';
import { tfFolder } from './terraform-fixtures';

/** A reader bug is caught and reported as an internal error; these inputs must not cause one. */
function assertNoInternalError(facts: readonly FileFacts[]): void {
  for (const f of facts) for (const n of f.notices) assert.doesNotMatch(n.message, /Internal error/, n.message);
}

function readAll(files: readonly SourceFile[]): FileFacts[] {
  const read = files.map(readTerraformFile);
  const modules = terraformFacts(read);
  assertNoInternalError([...read, ...modules]);
  return modules;
}

const FIXTURE_FILES = ['plain', 'alb-module', 'alb-module-v8', 'eks', 'k8s-service', 'nodeport-service', 'helm'].flatMap(tfFolder);

/** HCL-ish tokens, so random input reaches deep into the grammar rather than failing at the first byte. */
const TOKENS = ['resource', 'module', 'variable', 'locals', '"aws_lb"', '"aws_lb_target_group"', '"aws_lb_listener"', '"kubernetes_service"', '"helm_release"', '"x"', '{', '}', '[', ']', '(', ')', '=', ':', ',', '.', '\n', ' ', '"', '${', '%{', '<<EOT\n', 'EOT\n', '<<-', 'var', 'local', 'aws_lb.x.arn', 'true', 'false', 'null', '0', '31443', '"network"', 'load_balancer_type', 'preserve_client_ip', 'port', 'default', 'source', '"terraform-aws-modules/alb/aws"', 'target_groups', 'listeners', 'yamlencode(', 'merge(', 'try(', '?', '!', '-', '*', '...', '#', '//', '/*', '*/', '\\', 'é', '😀'];

describe('Terraform robustness: notices, never exceptions', () => {
  before(() => initTestGrammars());

  it('unterminated strings and heredocs, stray braces: notices with positions', () => {
    for (const text of ['x = "abc', 'locals {\n  a = <<EOT\nno end\n', 'resource "aws_lb" "a" {', '}}}}', 'resource "aws_lb" {{{', '"', '${', 'a = "${"', 'variable "x" { default = [1, 2, }']) {
      const facts = readTerraformFile({ path: 'bad/main.tf', text });
      assertNoInternalError([facts]);
      assert.ok(facts.notices.every((n) => n.span && n.span.start >= 0 && n.span.end <= text.length), JSON.stringify(text));
      assertNoInternalError(terraformFacts([facts]));
    }
  });

  it('a variable without a default anywhere: the module still evaluates, values are assumed', () => {
    const [m] = readAll([{ path: 'v/main.tf', text: 'variable "type" {}\nvariable "internal" {}\nresource "aws_lb" "a" {\n  load_balancer_type = var.type\n  internal = var.internal\n}\n' }]);
    assert.equal(m?.loadBalancers.length, 0, 'an unknown type without a TCP listener is not guessed to be an NLB');
  });

  it('deeply nested input is cut off, not a stack overflow', () => {
    const depth = 5000;
    const texts = [
      `locals {\n  x = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`,
      `locals {\n  x = ${'{a = '.repeat(depth)}1${'}'.repeat(depth)}\n}\n`,
      `locals {\n  x = ${Array(depth).fill('1').join(' + ')}\n}\n`,
      `locals {\n  x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n}\n`,
      `${'a {\n'.repeat(depth)}${'}\n'.repeat(depth)}`,
      `locals {\n  x = "${'${"'.repeat(depth)}${'"}'.repeat(depth)}"\n}\n`,
      `locals {\n${Array.from({ length: 300 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n')}\n  l300 = local.l0\n}\nresource "aws_lb" "a" {\n  load_balancer_type = local.l0\n}\n`,
    ];
    // Locals that double a string or a list at every step.
    const doubling = (make: (prev: string) => string) =>
      `locals {\n  d0 = "ab"\n${Array.from({ length: 60 }, (_, i) => `  d${i + 1} = ${make(`local.d${i}`)}`).join('\n')}\n}\nresource "aws_lb" "a" {\n  name = local.d60\n  load_balancer_type = "network"\n}\n`;
    texts.push(doubling((p) => `"\${${p}}\${${p}}"`), doubling((p) => `concat([${p}], [${p}])`), doubling((p) => `merge({ a = ${p} }, { b = ${p} })`));
    for (const text of texts) readAll([{ path: 'deep/main.tf', text }]);
  });

  it('a 1 MB .tf file is read, and its resources are all found', () => {
    const block = (i: number) =>
      `resource "aws_lb_target_group" "tg${i}" {\n  name     = "tg-${i}"\n  port     = ${30000 + (i % 2000)}\n  protocol = "TCP"\n  tags = {\n    Name = "target group number ${i} with a long description"\n  }\n}\n\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n}\n\n`;
    const parts: string[] = ['resource "aws_lb" "nlb" {\n  load_balancer_type = "network"\n}\n'];
    let size = 0;
    for (let i = 0; size < 1_000_000; i++) {
      parts.push(block(i), `resource "aws_lb_listener" "l${i}" {\n  load_balancer_arn = aws_lb.nlb.arn\n  port = ${1000 + i}\n  default_action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.tg${i}.arn\n  }\n}\n`);
      size += parts[parts.length - 1]!.length + parts[parts.length - 2]!.length;
    }
    const text = parts.join('');
    assert.ok(text.length >= 1_000_000);
    const [m] = readAll([{ path: 'big/main.tf', text }]);
    const count = parts.length / 2;
    assert.ok(Math.abs((m?.targetGroups.length ?? 0) - count) <= 1);
    assert.equal(m?.listeners.length, m?.targetGroups.length);
  });

  it('property: random HCL-ish text never throws and never trips an internal error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), (tokens) => {
        readAll([{ path: 'p/main.tf', text: tokens.join(' ') }, { path: 'p/terraform.tfvars', text: tokens.reverse().join('') }]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: mutated fixtures (cut, inserted, replaced text) never throw, and analyze() still answers', () => {
    const mutation = fc.record({
      file: fc.nat({ max: FIXTURE_FILES.length - 1 }),
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...TOKENS)),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        const files = FIXTURE_FILES.map((f) => ({ ...f }));
        for (const m of mutations) {
          const f = files[m.file]!;
          const at = m.at % (f.text.length + 1);
          f.text = f.text.slice(0, at) + m.insert + f.text.slice(at + m.cut);
        }
        readAll(files);
        const r = analyze(files);
        assert.ok(Array.isArray(r.findings));
      }),
      { numRuns: 80 },
    );
  });

  // HCL numbers may carry an exponent without a fraction; the tree-sitter grammar took `1e9` for a number and a stray name.
  for (const [written, value] of [['1e9', 1e9], ['2E3', 2000], ['5e-1', 0.5], ['1e+2', 100], ['1.5e3', 1500], ['1e308', 1e308]] as const) {
    it(`${written} is a number: no syntax error, and the block around it is read whole`, () => {
      const text = `locals {\n  n = ${written}\n  s = "${written} in a string"\n}\nresource "aws_lb" "x" {\n  count = ${written}\n  load_balancer_type = "network"\n  internal = true\n}\n`;
      const facts = readTerraformFile({ path: 'main.tf', text });
      assert.deepEqual(facts.notices.filter((n) => /syntax error/.test(n.message)).map((n) => n.message), []);
      const syntax = facts.terraform;
      assert.equal(syntax?.kind, 'file');
      const locals = (syntax as TfFileSyntax).body.blocks.find((b) => b.type === 'locals')!;
      const n = locals.body!.attributes.find((a) => a.name === 'n')!.value;
      assert.deepEqual(n.kind === 'literal' ? [n.value, text.slice(n.span.start, n.span.end)] : n, [value, written]);
      const s = locals.body!.attributes.find((a) => a.name === 's')!.value;
      assert.ok(s.kind !== 'literal' || s.value === `${written} in a string`);
      // Read whole: the NLB is one (load_balancer_type after `count` was read) and internal.
      const lbs = readAll([{ path: 'main.tf', text }]).flatMap((f) => f.loadBalancers);
      assert.deepEqual(lbs.map((lb) => lb.scheme.value), ['internal']);
    });
  }

  // The grammar gives up past 64 nested templates (Terraform does not); its error node stopped inside the
  // next resource's header, and the recovery re-read that resource from its middle, so the NLB was lost.
  for (const [what, local] of [
    ['templates nested 64 deep', `${'"${'.repeat(64)}1${'}"'.repeat(64)}`],
    ['templates nested 2000 deep', `${'"${'.repeat(2000)}1${'}"'.repeat(2000)}`],
    ['an interpolation left open', '"${var.x'],
  ] as const) {
    it(`${what}: the resources after it are still read whole`, () => {
      const text = `locals {\n  deep = ${local}\n}\nresource "aws_lb" "x" {\n  load_balancer_type = "network"\n  internal = true\n}\n`;
      const lbs = readAll([{ path: 'main.tf', text }]).flatMap((f) => f.loadBalancers);
      assert.deepEqual(lbs.map((lb) => lb.scheme.value), ['internal']);
      // Nesting past the grammar's limit is said to be that, not a syntax error in the file.
      const messages = readTerraformFile({ path: 'main.tf', text }).notices.map((n) => n.message);
      if (what.startsWith('templates')) {
        assert.ok(messages.some((m) => /^Not read: templates nested 64 or more levels deep/.test(m)), JSON.stringify(messages));
        assert.deepEqual(messages.filter((m) => /syntax error/.test(m)), []);
      } else assert.ok(messages.some((m) => /HCL syntax error/.test(m)));
    });
  }
});
