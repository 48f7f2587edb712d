import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { initTestGrammars } from '../helpers/grammars';
import { evaluate } from './terraform-fixtures';

/**
 * Issue 10, kind J: a Terraform reference in any form HCL allows. The listener, the target group and
 * the attachment are joined however the reference is written; what still cannot be resolved is named
 * in a notice and never makes a resource vanish.
 */
function module(listener: { lb?: string; tg: string }, extra = '', tgMeta = ''): SourceFile[] {
  const text = `resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  internal           = true
}
resource "aws_lb_target_group" "api" {
${tgMeta}  port     = 31380
  protocol = "TCP"
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = ${listener.lb ?? 'aws_lb.nlb.arn'}
  port              = 443
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = ${listener.tg}
  }
}
${extra}`;
  return [{ path: 'inline/main.tf', text }];
}

function facts(files: SourceFile[]) {
  const [f] = evaluate(files);
  assert.ok(f);
  return f;
}

describe('Terraform references in any form HCL allows (kind J)', () => {
  before(() => initTestGrammars());

  const joined: Array<[string, { lb?: string; tg: string }, string?]> = [
    ['a plain reference', { tg: 'aws_lb_target_group.api.arn' }],
    ['0.11-style quoted interpolation', { tg: '"${aws_lb_target_group.api.arn}"' }],
    ['quoted interpolation on both ends', { lb: '"${aws_lb.nlb.arn}"', tg: '"${aws_lb_target_group.api.arn}"' }],
    ['quoted interpolation with spaces inside', { lb: '"${ aws_lb.nlb.arn }"', tg: '"${ aws_lb_target_group.api.arn }"' }],
    ['an index into a counted resource', { tg: 'aws_lb_target_group.api[0].arn' }, '  count    = 1\n'],
    ['a for_each key', { tg: 'aws_lb_target_group.api["main"].arn' }, '  for_each = toset(["main"])\n'],
    ['one() over a splat', { tg: 'one(aws_lb_target_group.api[*].arn)' }, '  count    = 1\n'],
    ['element() over a legacy attribute splat', { tg: 'element(aws_lb_target_group.api.*.arn, 0)' }, '  count    = 1\n'],
    ['element() over a full splat, in quotes', { tg: '"${element(aws_lb_target_group.api[*].arn, 0)}"' }, '  count    = 1\n'],
    ['a local that holds the reference', { tg: 'local.tg' }],
    ['a local in quotes', { tg: '"${local.tg}"' }],
    ['the index of a splat', { tg: 'aws_lb_target_group.api[*].arn[0]' }, '  count    = 1\n'],
    ['a conditional over a known bool', { tg: 'true ? aws_lb_target_group.api.arn : null' }],
    ['try() of the reference', { tg: 'try(aws_lb_target_group.api[0].arn, null)' }, '  count    = 1\n'],
  ];
  for (const [name, listener, tgMeta] of joined) {
    it(`joins the listener to its target group through ${name}: ${listener.tg}`, () => {
      const f = facts(module(listener, 'locals {\n  tg = aws_lb_target_group.api.arn\n}\n', tgMeta ?? ''));
      assert.equal(f.loadBalancers.length, 1, 'the NLB is read');
      assert.equal(f.targetGroups.length, 1, 'the target group is behind the NLB');
      assert.equal(f.targetGroups[0]!.loadBalancerId, f.loadBalancers[0]!.id);
      assert.equal(f.listeners.length, 1);
      assert.equal(f.listeners[0]!.targetGroupId, f.targetGroups[0]!.id);
      assert.deepEqual(f.notices.filter((n) => /cannot|not resolved|not known/.test(n.message)), []);
    });
  }

  it('joins an attachment written with quoted interpolation to its target group', () => {
    const f = facts(module({ tg: 'aws_lb_target_group.api.arn' }, `resource "aws_lb_target_group_attachment" "a" {
  target_group_arn = "\${aws_lb_target_group.api.arn}"
  target_id        = "\${aws_instance.web.id}"
  port             = 31380
}
`));
    const tf = f.terraform;
    assert.equal(tf?.kind, 'module');
    const [a] = tf.kind === 'module' ? tf.attachments : [];
    assert.ok(a, 'the attachment is read');
    assert.equal(a.targetGroupId, f.targetGroups[0]!.id);
  });

  const unresolved: Array<[string, { lb?: string; tg: string }, RegExp]> = [
    ['a variable without a value', { tg: 'var.tg_arn' }, /var\.tg_arn/],
    ['a data source', { tg: 'data.aws_lb_target_group.shared.arn' }, /data\.aws_lb_target_group\.shared/],
    ['a module output', { tg: 'module.tgs.arn' }, /module\.tgs/],
    ['an unknown function', { tg: 'sort(aws_lb_target_group.api[*].arn)[0]' }, /sort/],
  ];
  for (const [name, listener, names] of unresolved) {
    it(`names ${name} it cannot resolve, and keeps the NLB (${listener.tg})`, () => {
      const f = facts(module(listener, 'variable "tg_arn" {}\n'));
      assert.equal(f.loadBalancers.length, 1, 'the NLB does not vanish');
      const notice = f.notices.find((n) => n.message.includes('aws_lb_listener.l') && names.test(n.message));
      assert.ok(notice, `a notice names the expression: ${JSON.stringify(f.notices.map((n) => n.message))}`);
      assert.match(notice.message, /target_group_arn/);
    });
  }

  it('names an unresolvable load_balancer_arn, and keeps the target group it forwards to in view', () => {
    const f = facts(module({ lb: 'var.lb_arn', tg: 'aws_lb_target_group.api.arn' }, 'variable "lb_arn" {}\n'));
    const notice = f.notices.find((n) => n.message.includes('aws_lb_listener.l') && /var\.lb_arn/.test(n.message));
    assert.ok(notice, JSON.stringify(f.notices.map((n) => n.message)));
    assert.match(notice.message, /load_balancer_arn/);
  });
});
