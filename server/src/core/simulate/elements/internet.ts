import { formatEndpoint, type Packet } from '../packet';
import type { SimContext } from '../world';
import { CLIENT, NAT_GATEWAY } from './ids';

/** The internet between public addresses: NLB public nodes, the NAT gateway and an internet client. */
export function internetHandle(ctx: SimContext, p: Packet): void {
  const next = publicOwner(ctx, p.dst.ip);
  if (!next) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `no public route to ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  if (ctx.recording) ctx.step({ type: 'route', action: 'to-internet', detail: { note: `across the internet to ${next}` } });
  ctx.send(next, p);
}

function publicOwner(ctx: SimContext, ip: string): string | undefined {
  const nlb = ctx.topo.nlbByAddress.get(ip);
  if (nlb && nlb.address === ip && ctx.topo.settings.scheme === 'internet-facing') return nlb.id;
  if (ip === ctx.topo.plan.natPublicIp) return NAT_GATEWAY;
  if (ctx.client.kind === 'internet' && ctx.client.ip === ip) return CLIENT;
  return undefined;
}
