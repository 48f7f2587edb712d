import type { LoadBalancerModel, TargetGroupModel } from '../../model/nlb';
import { explicit, inferred, type Sourced } from '../../model/sourced';
import type { TfBlock, TfValue } from '../../model/terraform';
import { tfId, type ModuleContext } from './context';
import type { FieldSource } from './fields';
import type { Located } from './module-scope';

export const ALB_MODULE = 'terraform-aws-modules/alb/aws';

/** What the v8 and v9+ readers share: the module's load balancer and where to put results. */
export interface AlbModule {
  readonly ctx: ModuleContext;
  readonly name: string;
  readonly located: Located<TfBlock>;
  readonly src: FieldSource;
  readonly lb: LoadBalancerModel;
  /** `module.<name>` */
  readonly prefix: string;
}

/** Without a listeners map, each target group is taken to have a listener on its own port. */
export function implicitListeners(mod: AlbModule, tgs: readonly { address: string; tg: TargetGroupModel }[]): void {
  for (const { address, tg } of tgs) {
    const port: Sourced<number> = tg.port
      ? inferred(tg.port.value, `no listeners are declared for ${mod.prefix}; assuming a listener on the target group's port`, tg.port.span ?? tg.head)
      : { value: 443, origin: 'assumed', why: `no listeners are declared for ${mod.prefix} and the target group has no port; assuming 443`, span: tg.head };
    mod.ctx.facts.listeners.push({ id: tfId(mod.ctx, address), loadBalancerId: mod.lb.id, targetGroupId: tg.id, port });
  }
}

export function unknownInput(mod: AlbModule, input: string, v: TfValue): void {
  const why = v.kind === 'unknown' ? v.why : `it is ${v.kind === 'ref' ? `a reference to ${v.address}` : `not ${input === 'listeners' || input === 'target_groups' ? 'a map or list' : 'readable'}`}`;
  mod.ctx.facts.notices.push({ file: mod.located.file, level: 'info', message: `${mod.prefix}: ${input} cannot be read before apply (${why}).`, span: v.span });
}

/** A target group entry's `target_id` (the module attaches it unless create_attachment = false). */
export function recordAttachment(mod: AlbModule, entry: FieldSource, address: string, targetGroupId: string): void {
  const target = entry.get('target_id');
  if (!target) return;
  const create = entry.get('create_attachment');
  if (create?.kind === 'scalar' && create.value === false) return;
  const targetId: Sourced<string> =
    target.kind === 'scalar' && target.value !== null
      ? explicit(String(target.value), target.span)
      : { value: target.kind === 'ref' ? `${target.address}${target.attribute ? `.${target.attribute}` : ''}` : '(unknown)', origin: 'assumed', why: 'known only after apply', span: target.span };
  mod.ctx.attachments.push({ kind: 'target-group-attachment', address: `${address}/attachment`, file: entry.file, head: entry.head, targetGroupId, targetId });
}
