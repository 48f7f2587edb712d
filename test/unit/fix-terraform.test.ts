import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyProposal, assertFixes, fixesOf } from '../helpers/fix';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const plain = () => ['main.tf', 'terraform.tfvars', 'variables.tf'].map((f) => fixture(`terraform/plain/${f}`));
const preferredOf = (fx: ReturnType<typeof fixesOf>) => fx.proposals.find((p) => p.preferred)!;

describe('quick fixes: Terraform', () => {
  before(initTestGrammars);

  it('aws_lb_target_group without preserve_client_ip: the attribute is added to the block, as a string, in a group of its own', () => {
    const files = plain();
    const fx = fixesOf(files, 'HP101');
    const p = preferredOf(fx);
    // Six nodes and the attached bastion instance (issue 10, kind D): each target 1 in 7.
    assert.equal(p.title, 'Disable client IP preservation (in-cluster failures 1/7 → 0)');
    const [main] = assertFixes(files, fx, p);
    assert.equal(main!.text, files[0]!.text.replace('  vpc_id   = var.vpc_id\n', '  vpc_id   = var.vpc_id\n\n  preserve_client_ip = "false"\n'));
  });

  it('a written value is changed in place, keeping its quoting', () => {
    const files = plain();
    files[0] = { ...files[0]!, text: files[0]!.text.replace('  vpc_id   = var.vpc_id\n', '  vpc_id   = var.vpc_id\n  preserve_client_ip = "true" # set by the platform team\n') };
    const fx = fixesOf(files, 'HP101');
    const [main] = assertFixes(files, fx, preferredOf(fx));
    assert.match(main!.text, /\n {2}preserve_client_ip = "false" # set by the platform team\n/);
  });

  it('a bare boolean stays bare, in the resource, a local and a .tfvars line', () => {
    const tg = '  vpc_id   = var.vpc_id\n';
    const inResource = plain();
    inResource[0] = { ...inResource[0]!, text: inResource[0]!.text.replace(tg, `${tg}  preserve_client_ip = true # platform default\n`) };
    const inLocal = plain();
    inLocal[0] = { ...inLocal[0]!, text: inLocal[0]!.text.replace(tg, `${tg}  preserve_client_ip = local.preserve\n`).replace('locals {\n', 'locals {\n  preserve = true\n') };
    const inTfvars = plain();
    inTfvars[0] = { ...inTfvars[0]!, text: inTfvars[0]!.text.replace(tg, `${tg}  preserve_client_ip = var.preserve\n`) };
    inTfvars[1] = { ...inTfvars[1]!, text: `${inTfvars[1]!.text}preserve = true\r\n`.replace(/\r?\n/g, '\r\n') };
    inTfvars[2] = { ...inTfvars[2]!, text: `${inTfvars[2]!.text}\nvariable "preserve" {\n  default = false\n}\n` };
    for (const [files, index, line] of [
      [inResource, 0, '  preserve_client_ip = false # platform default\n'],
      [inLocal, 0, '  preserve = false\n'],
      [inTfvars, 1, 'preserve = false\r\n'],
    ] as const) {
      const fx = fixesOf(files, 'HP101');
      const after = assertFixes(files, fx, preferredOf(fx));
      assert.ok(after[index]!.text.includes(line), after[index]!.text);
    }
  });

  it('a one-line block (`{ port = 31380 }`, or `{}`) opens onto lines: HCL allows one argument on a block’s line', () => {
    const base = fixture('same-nlb/main.tf');
    const block = /resource "aws_lb_target_group" "gateway" \{[\s\S]*?\n\}\n/;
    for (const [written, expected] of [
      ['{ port = 31380 }', '{\n  port               = 31380\n  preserve_client_ip = "false"\n}'],
      ['{}', '{\n  preserve_client_ip = "false"\n}'],
    ]) {
      const files = [{ ...base, text: base.text.replace(block, `resource "aws_lb_target_group" "gateway" ${written}\n`) }];
      const fx = fixesOf(files, 'HP101');
      const [after] = assertFixes(files, fx, preferredOf(fx));
      assert.ok(after!.text.includes(`resource "aws_lb_target_group" "gateway" ${expected}\n`), after!.text);
    }
  });

  it('proxy protocol: both attributes in one aligned group', () => {
    const files = plain();
    const fx = fixesOf(files, 'HP101');
    const proxy = fx.proposals.find((p) => p.mitigation === 'proxy-protocol')!;
    assert.equal(proxy.edits.length, 1);
    assert.match(applyProposal(files, proxy)[0]!.text, /\n\n {2}preserve_client_ip = "false"\n {2}proxy_protocol_v2 {2}= true\n\n {2}health_check/);
  });

  it('cross-zone set through a variable: the tfvars line is edited (HP103, collisions only)', () => {
    const files = plain();
    const fx = fixesOf(files, 'HP103');
    const cz = fx.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    assert.match(cz.title, /fixes collisions only/);
    assert.deepEqual(cz.edits.map((e) => e.file), ['terraform/plain/terraform.tfvars']);
    const after = assertFixes(files, fx, cz);
    assert.equal(after[1]!.text, files[1]!.text.replace('cross_zone = true', 'cross_zone = false'));
  });

  it('cross-zone from a variable default: the default is edited', () => {
    const files = plain();
    files[1] = { ...files[1]!, text: files[1]!.text.replace('cross_zone = true\n', '') };
    files[2] = { ...files[2]!, text: files[2]!.text.replace('default     = false', 'default     = true') };
    const fx = fixesOf(files, 'HP103');
    const cz = fx.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    const after = assertFixes(files, fx, cz);
    assert.equal(after[2]!.text, plain()[2]!.text);
  });

  it('a value computed from an expression gets no edit and names the expression', () => {
    const files = plain();
    files[0] = { ...files[0]!, text: files[0]!.text.replace('enable_cross_zone_load_balancing = var.cross_zone', 'enable_cross_zone_load_balancing = var.env == "prod"') };
    const fx = fixesOf(files, 'HP103');
    const cz = fx.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    assert.deepEqual(cz.edits, []);
    assert.equal(cz.preferred, false);
    assert.match(cz.unavailable!, /^enable_cross_zone_load_balancing is set by `var\.env == "prod"`/);
  });

  it('the alb module: into the target_groups entry; cross-zone as a module input', () => {
    const files = [fixture('terraform/alb-module/main.tf')];
    const fx = fixesOf(files, 'HP101');
    const [main] = assertFixes(files, fx, preferredOf(fx));
    assert.match(main!.text, /create_attachment = false\n\n {6}preserve_client_ip = "false"\n {4}\}/);
    const hp103 = fixesOf(files, 'HP103');
    const cz = hp103.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    const [afterCz] = assertFixes(files, hp103, cz);
    assert.match(afterCz!.text, /\n {2}\}\n\n {2}enable_cross_zone_load_balancing = false\n\}\n$/);
    const ip = fx.proposals.find((p) => p.mitigation === 'ip-targets')!;
    assert.match(assertFixes(files, fx, ip)[0]!.text, /target_type {7}= "ip"\n/);
  });

  it('a NodePort Service in HCL joined to the target group: the fix still goes to the target group', () => {
    const files = [...plain(), fixture('terraform/nodeport-service/service.tf')];
    const fx = fixesOf(files, 'HP101');
    assert.equal(fx.proposals[0]!.title, 'Disable client IP preservation (in-cluster failures 1/3 → 0)');
    assertFixes(files, fx, preferredOf(fx));
  });

  it('kubernetes_service: the attribute list in HCL gets the item with the list’s own separator; a new annotation is aligned', () => {
    const files = [fixture('terraform/k8s-service/service.tf')];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /"proxy_protocol_v2.enabled=false, deregistration_delay.timeout_seconds=30, preserve_client_ip.enabled=false"\n/);
    const ip = fx.proposals.find((p) => p.mitigation === 'ip-targets')!;
    assert.match(assertFixes(files, fx, ip)[0]!.text, /\n {6}"service\.beta\.kubernetes\.io\/aws-load-balancer-nlb-target-type" {9}= "ip"\n/);
  });

  it('helm_release values: no edit, and the proposal says where to change the value', () => {
    const files = [fixture('terraform/helm/main.tf')];
    const fx = fixesOf(files, 'HP101');
    assert.ok(fx.proposals.every((p) => p.edits.length === 0 && p.unavailable && !p.preferred));
    assert.match(fx.proposals[0]!.unavailable!, /helm_release/);
  });
});
