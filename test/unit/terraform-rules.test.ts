import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { ruleIds } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';
import { sliceOf, tfFolder } from './terraform-fixtures';

/** The plain module with its target group edited. */
function plainWith(edit: (mainTf: string) => string): SourceFile[] {
  return tfFolder('plain').map((f) => (f.path.endsWith('/main.tf') ? { ...f, text: edit(f.text) } : f));
}

const TG_PROTOCOL = '  protocol = "TCP"\n  vpc_id   = var.vpc_id';

describe('rules fire on Terraform as on YAML', () => {
  before(() => initTestGrammars());

  it('an NLB with instance targets (preservation on by default) and cross-zone on: HP101 and HP103, and HP102 for the attached bastion instance', () => {
    const files = tfFolder('plain');
    const r = analyze(files);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP102', 'HP103']);
    // The node group's six nodes plus the bastion (kind D): each target is picked 1 time in 7.
    assert.equal(r.findings.find((f) => f.ruleId === 'HP101')!.probabilityExact, '1/7');
    const hp102 = r.findings.find((f) => f.ruleId === 'HP102')!;
    assert.equal(hp102.probabilityExact, '1/7');
    assert.match(hp102.message, /host-network process on aws_instance\.bastion|aws_instance\.bastion/);
    const at = sliceOf(files);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(at(hp101.span), 'resource "aws_lb_target_group" "ingress"', 'an unwritten default: the target group head');
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(hp103.span.file, 'terraform/plain/terraform.tfvars', 'the value that decides: cross_zone = true in terraform.tfvars');
    assert.equal(at(hp103.span), 'true');
  });

  it('preserve_client_ip = "false": neither finding', () => {
    const files = plainWith((t) => t.replace(TG_PROTOCOL, `${TG_PROTOCOL}\n  preserve_client_ip = "false"`));
    assert.deepEqual(ruleIds(analyze(files)), []);
  });

  it('ip targets without preserve_client_ip: neither finding', () => {
    const files = plainWith((t) => t.replace(TG_PROTOCOL, `${TG_PROTOCOL}\n  target_type = "ip"`));
    assert.deepEqual(ruleIds(analyze(files)), []);
  });

  it('cross-zone off (the variable default without terraform.tfvars): HP101 and the bastion’s HP102, no HP103', () => {
    const files = tfFolder('plain').filter((f) => !f.path.endsWith('.tfvars'));
    assert.deepEqual(ruleIds(analyze(files)), ['HP101', 'HP102']);
  });

  it('the alb module NLB without enable_cross_zone_load_balancing: HP103, from the module default', () => {
    const files = tfFolder('alb-module');
    const r = analyze(files);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(sliceOf(files)(hp103.span), 'module "nlb"');
    const off = files.map((f) => ({ ...f, text: f.text.replace('internal           = true', 'internal           = true\n  enable_cross_zone_load_balancing = false') }));
    assert.deepEqual(ruleIds(analyze(off)), ['HP101']);
  });
});

describe('a Terraform 0.11-style module (quoted interpolation everywhere) gives the same findings (issue 10, kind J)', () => {
  before(() => initTestGrammars());

  const quoted: Array<[string, (t: string) => string]> = [
    ['listener references in quotes', (t) => t.replace('load_balancer_arn        = aws_lb.ingress.arn', 'load_balancer_arn        = "${aws_lb.ingress.arn}"').replace(/target_group_arn = aws_lb_target_group\.ingress\.arn/, 'target_group_arn = "${aws_lb_target_group.ingress.arn}"')],
    ['settings in quotes', (t) => t.replace('internal           = var.internal', 'internal           = "${var.internal}"').replace('enable_cross_zone_load_balancing = var.cross_zone', 'enable_cross_zone_load_balancing = "${var.cross_zone}"').replace('port     = local.node_port', 'port     = "${local.node_port}"')],
  ];
  for (const [name, edit] of quoted) {
    it(name, () => {
      const files = plainWith(edit);
      assert.notEqual(files.find((f) => f.path.endsWith('main.tf'))!.text, tfFolder('plain').find((f) => f.path.endsWith('main.tf'))!.text, 'the edit applied');
      const r = analyze(files);
      assert.deepEqual(ruleIds(r), ['HP101', 'HP102', 'HP103']);
      const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
      assert.equal(sliceOf(files)(hp103.span), 'true', 'the deciding value is still the literal in terraform.tfvars');
    });
  }
});
