import { formatEndpoint, type Packet } from '../packet';
import { inVpc } from '../topology';
import type { SimContext } from '../world';
import { CLIENT, hostId, INTERNET, NAT_GATEWAY } from './ids';

/**
 * The VPC fabric: routes between addresses, and steers a target's reply to a client-IP-preserving
 * flow back through the NLB node that owns it. Only packets that cross the fabric can be steered.
 */
export function fabricHandle(ctx: SimContext, p: Packet, from: string): void {
  const flow = ctx.topo.settings.preserveClientIp ? ctx.world.flowByTargetReply.get(ctx.world.key(p)) : undefined;
  if (flow) {
    if (ctx.recording) ctx.step({ type: 'route', action: 'steered-to-nlb', detail: { note: `reply of an NLB flow with the client IP preserved: steered back to ${flow.nlb.id}` } });
    ctx.send(flow.nlb.id, p);
    return;
  }
  const next = routeByAddress(ctx, p, from);
  if (!next) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `no route to ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  if (ctx.recording) ctx.step({ type: 'route', action: 'forwarded', detail: { note: `to ${next}` } });
  ctx.send(next, p);
}

function routeByAddress(ctx: SimContext, p: Packet, from: string): string | undefined {
  const { topo, client } = ctx;
  const ip = p.dst.ip;
  const node = topo.nodeByIp.get(ip) ?? topo.podNode.get(ip);
  if (node) return hostId(node.name);
  if (client.kind === 'pod' && client.ip === ip) return hostId(client.node!.name);
  if (client.kind === 'vpc' && client.ip === ip) return CLIENT;
  const nlb = topo.nlbByAddress.get(ip);
  if (nlb && inVpc(topo, ip)) return nlb.id;
  if (!inVpc(topo, ip)) return from.startsWith('nlb:') ? INTERNET : NAT_GATEWAY;
  return undefined;
}
