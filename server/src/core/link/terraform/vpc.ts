import { inferred } from '../../model/sourced';
import { blockSource, isDisabled, type ModuleContext } from './context';

export const VPC = /terraform-aws-modules\/vpc\/aws|terraform-aws-modules\/terraform-aws-vpc/;

/**
 * The zones a cluster spans, from the VPC module's `azs` (node groups sit in its subnets): a cluster
 * hint that sizes the simulated topology's zones.
 */
export function readVpcZones(ctx: ModuleContext): void {
  for (const [name, located] of ctx.scope.modules) {
    const src = blockSource(ctx, located);
    const source = src.get('source');
    if (source?.kind !== 'scalar' || typeof source.value !== 'string' || !VPC.test(source.value) || isDisabled(ctx, located.node)) continue;
    const azs = src.get('azs');
    if (azs?.kind !== 'tuple') {
      if (azs) ctx.facts.notices.push({ file: located.file, level: 'info', message: `module.${name}: azs cannot be read before apply; zones are assumed.`, span: azs.span });
      continue;
    }
    const zones = azs.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
    if (zones.length === 0 || zones.length !== azs.items.length) continue;
    ctx.facts.clusterHints.push({ kind: 'cluster-zones', file: located.file, zones: inferred(zones, `module.${name} (terraform-aws-modules/vpc) azs: the subnets the node groups use`, azs.span) });
  }
}
