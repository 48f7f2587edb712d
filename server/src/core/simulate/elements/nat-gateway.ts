import { translate } from '../conntrack';
import { tupleOf, type Packet } from '../packet';
import type { SimContext } from '../world';
import { FABRIC, INTERNET, NAT_GATEWAY } from './ids';
import { natDiffs } from './nat';

/** A NAT gateway for private subnets: SNAT to its public address on the way out, reversed on the way in. */
export function natGatewayHandle(ctx: SimContext, p: Packet, from: string): void {
  const table = ctx.world.table(NAT_GATEWAY);
  const match = table.lookup(p);
  if (match) {
    const out = { ...p, ...translate(match) };
    if (ctx.recording) ctx.step({ type: 'conntrack', action: match.direction === 'reply' ? 'matched-reply' : 'matched-original', detail: { tuple: tupleOf(p), reply: match.entry.reply } });
    if (ctx.recording) ctx.step({ type: 'nat', action: match.direction === 'reply' ? 'un-SNAT' : 'SNAT', detail: { by: 'NAT gateway', diffs: natDiffs(p, out) } });
    ctx.send(match.direction === 'reply' ? FABRIC : INTERNET, out);
    return;
  }
  if (from !== FABRIC) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: 'unsolicited inbound packet at the NAT gateway' } });
    ctx.end('no-route');
    return;
  }
  const out: Packet = { ...p, src: { ip: ctx.topo.plan.natPublicIp, port: p.src.port } };
  table.add(tupleOf(p), tupleOf(out));
  if (ctx.recording) ctx.step({ type: 'nat', action: 'SNAT', detail: { by: 'NAT gateway: private subnet to the internet', diffs: natDiffs(p, out) } });
  ctx.send(INTERNET, out);
}

