import { explicit, type Sourced } from '../../model/sourced';
import type { TfValue } from '../../model/terraform';
import { blockSource, isDisabled, refAddress, type ModuleContext } from './context';
import { asPort, readOptional } from './fields';

const TG_ATTACHMENTS = new Set(['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment']);

/**
 * `aws_lb_target_group_attachment` and `aws_autoscaling_attachment`: recorded as raw facts (which
 * targets a target group gets); `targetGroupIds` maps target group addresses to model ids.
 */
export function readAttachments(ctx: ModuleContext, targetGroupIds: ReadonlyMap<string, string>): void {
  for (const [address, r] of ctx.scope.resources) {
    const type = r.node.labels[0]!.value;
    const isTg = TG_ATTACHMENTS.has(type);
    if ((!isTg && type !== 'aws_autoscaling_attachment') || isDisabled(ctx, r.node)) continue;
    const src = blockSource(ctx, r);
    const tgValue = isTg ? src.get('target_group_arn') : (src.get('lb_target_group_arn') ?? src.get('alb_target_group_arn'));
    const tgAddress = refAddress(tgValue);
    const targetGroupId = tgAddress ? targetGroupIds.get(tgAddress) : undefined;
    const tgAttribute = isTg ? 'target_group_arn' : 'lb_target_group_arn';
    if (tgValue && !tgAddress) {
      const why = tgValue.kind === 'unknown' ? ` (${tgValue.why})` : '';
      ctx.facts.notices.push({ file: r.file, level: 'info', message: `${address}: ${tgAttribute} cannot be resolved to a target group before apply${why}; the targets it attaches are not counted.`, span: tgValue.span });
    }
    const asg = src.get('autoscaling_group_name');
    const port = isTg ? readOptional(src, 'port', asPort) : undefined;
    const targetId = isTg ? asText(src.get('target_id')) : undefined;
    ctx.attachments.push({
      kind: isTg ? 'target-group-attachment' : 'autoscaling-attachment',
      address,
      file: r.file,
      head: r.node.head,
      ...(targetGroupId ? { targetGroupId } : {}),
      // A module's target group (`module.nlb.target_groups["web"].arn`) is found by its aliases in link/attached-targets.ts.
      ...(tgValue ? { targetGroupRef: tgValue.kind === 'ref' ? [tgValue.address, tgValue.attribute].filter(Boolean).join('.') : tgValue.kind === 'scalar' ? String(tgValue.value) : '(unknown)' } : {}),
      ...(targetId ? { targetId } : {}),
      ...(port ? { port } : {}),
      ...(!isTg && asg ? { autoscalingGroup: asText(asg)! } : {}),
    });
  }
}

/** A string setting as written, or for a reference its address (`aws_instance.web.id`), marked as known after apply. */
function asText(v: TfValue | undefined): Sourced<string> | undefined {
  if (!v) return undefined;
  if (v.kind === 'scalar' && v.value !== null) return explicit(String(v.value), v.span, v.via);
  const what = v.kind === 'ref' ? `${v.address}${v.attribute ? `.${v.attribute}` : ''}` : '(unknown)';
  return { value: what, origin: 'assumed', why: v.kind === 'unknown' ? v.why : 'a reference, known only after apply', span: v.span };
}
