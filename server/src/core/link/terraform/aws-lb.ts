import type { ListenerModel, LoadBalancerModel } from '../../model/nlb';
import { byDefault, explicit, inferred } from '../../model/sourced';
import type { TfBlock, TfExpr, TfValue } from '../../model/terraform';
import { blockSource, isDisabled, refAddress, tfId, type ModuleContext } from './context';
import { asElbProtocol, asPort, IP_ADDRESS_TYPES, oneOf, read, type FieldSource } from './fields';
import type { Span } from '../../text/span';
import type { Located } from './module-scope';
import { readListenerTimeout } from './listener-timeout';
import { readLoadBalancerSettings, readTargetGroupSettings } from './target-group-settings';
import { describe } from './values';

const LB_TYPES = new Set(['aws_lb', 'aws_alb']);
const TG_TYPES = new Set(['aws_lb_target_group', 'aws_alb_target_group']);
const LISTENER_TYPES = new Set(['aws_lb_listener', 'aws_alb_listener']);
/** Listener protocols only a Network Load Balancer offers. */
const NLB_PROTOCOLS = new Set(['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

interface RawListener {
  readonly address: string;
  readonly located: Located<TfBlock>;
  readonly src: FieldSource;
  readonly lbAddress?: string;
  readonly protocol?: string;
  /** Addresses of the target groups its default action forwards to. */
  readonly forwards: readonly string[];
  /** References that could not be resolved to a resource address, for notices. */
  readonly unresolved: readonly Unresolved[];
}

interface Unresolved {
  readonly attribute: 'load_balancer_arn' | 'target_group_arn' | 'arn';
  readonly expr: TfExpr;
  readonly value: TfValue;
}

/**
 * `aws_lb` / `aws_lb_listener` / `aws_lb_target_group` resources of one module, joined by reference.
 * Returns the model id of each target group address, for attachments.
 */
export function readAwsLoadBalancing(ctx: ModuleContext): ReadonlyMap<string, string> {
  const resources = (types: ReadonlySet<string>) =>
    [...ctx.scope.resources].filter(([, r]) => types.has(r.node.labels[0]!.value) && !isDisabled(ctx, r.node));
  const listeners = resources(LISTENER_TYPES).map(([address, r]) => rawListener(ctx, address, r));
  const tgAddresses = new Set(resources(TG_TYPES).map(([address]) => address));
  const lbAddresses = new Set(resources(LB_TYPES).map(([address]) => address));
  for (const l of listeners) noteUnresolved(ctx, l, tgAddresses, lbAddresses);

  const byLb = new Map<string, RawListener[]>();
  for (const l of listeners) {
    if (!l.lbAddress) continue;
    const list = byLb.get(l.lbAddress) ?? [];
    list.push(l);
    byLb.set(l.lbAddress, list);
  }
  const nlbs = new Map<string, LoadBalancerModel>();
  for (const [address, r] of resources(LB_TYPES)) {
    const lb = readLoadBalancer(ctx, address, r, byLb.get(address) ?? []);
    if (lb) nlbs.set(address, lb);
  }
  ctx.facts.loadBalancers.push(...nlbs.values());

  // The NLB in front of each target group, from the first listener that forwards to it.
  const lbOf = new Map<string, LoadBalancerModel>();
  for (const l of listeners) {
    const lb = l.lbAddress ? nlbs.get(l.lbAddress) : undefined;
    for (const tg of l.forwards) if (lb && !lbOf.has(tg)) lbOf.set(tg, lb);
  }
  const tgIds = new Map<string, string>();
  for (const [address, r] of resources(TG_TYPES)) {
    const lb = lbOf.get(address);
    if (!lb) continue; // not behind a Network Load Balancer of this module
    const src = blockSource(ctx, r);
    const settings = readTargetGroupSettings(src, { who: 'aws_lb_target_group', protocolKey: 'protocol', portKey: 'port' });
    if (!settings) continue;
    const id = tfId(ctx, address);
    tgIds.set(address, id);
    ctx.facts.targetGroups.push({
      id,
      loadBalancerId: lb.id,
      file: r.file,
      head: r.node.head,
      extent: r.node.span,
      ...settings,
      aliases: [`${address}.arn`, address, ...(settings.name ? [settings.name.value] : [])],
    });
  }

  for (const l of listeners) {
    const lb = l.lbAddress ? nlbs.get(l.lbAddress) : undefined;
    if (!lb) continue;
    const port = read(l.src, 'port', asPort, { value: 443, origin: 'assumed', why: 'the listener port is not written; assuming 443', span: l.src.head });
    const forwards = l.forwards.filter((tg) => tgIds.has(tg));
    const ids = forwards.map((tg) => (forwards.length > 1 ? `${tfId(ctx, l.address)}#${tg}` : tfId(ctx, l.address)));
    const timeout = readListenerTimeout(l.src, l.address, ids);
    const models: ListenerModel[] = forwards.map((tg, i) => ({ id: ids[i]!, loadBalancerId: lb.id, targetGroupId: tgIds.get(tg)!, port, protocol: timeout.protocol, idleTimeoutSeconds: timeout.idleTimeoutSeconds }));
    ctx.facts.listeners.push(...models);
    ctx.listeners.push(timeout);
  }
  return tgIds;
}

function rawListener(ctx: ModuleContext, address: string, located: Located<TfBlock>): RawListener {
  const src = blockSource(ctx, located);
  const protocol = src.get('protocol');
  const forwards: string[] = [];
  const unresolved: Unresolved[] = [];
  // The address a reference attribute resolves to; anything else is kept for a notice.
  const resolve = (block: TfBlock, attribute: Unresolved['attribute']): string | undefined => {
    const expr = block.body?.attributes.find((x) => x.name === attribute)?.value;
    if (!expr) return undefined;
    const value = blockSource(ctx, located, block).get(attribute)!;
    const address = refAddress(value);
    if (!address && !(value.kind === 'scalar' && value.value === null)) unresolved.push({ attribute, expr, value });
    return address;
  };
  for (const action of located.node.body?.blocks.filter((b) => b.type === 'default_action') ?? []) {
    const type = blockSource(ctx, located, action).get('type');
    if (type?.kind === 'scalar' && type.value !== 'forward') continue;
    const direct = resolve(action, 'target_group_arn');
    if (direct) forwards.push(direct);
    for (const forward of action.body?.blocks.filter((b) => b.type === 'forward') ?? []) {
      for (const tg of forward.body?.blocks.filter((b) => b.type === 'target_group') ?? []) {
        const arn = resolve(tg, 'arn');
        if (arn) forwards.push(arn);
      }
    }
  }
  const lbAddress = resolve(located.node, 'load_balancer_arn');
  if (protocol) read(src, 'protocol', asElbProtocol, byDefault('TCP', 'aws_lb_listener: protocol', located.node.head));
  return {
    address,
    located,
    src,
    ...(lbAddress ? { lbAddress } : {}),
    ...(protocol?.kind === 'scalar' && typeof protocol.value === 'string' ? { protocol: protocol.value.toUpperCase() } : {}),
    forwards: [...new Set(forwards)],
    unresolved,
  };
}

/**
 * Says which references of a listener Hairpin could not follow, by the expression as written: the
 * listener (and so the target group behind it) is otherwise left out without a word.
 */
function noteUnresolved(ctx: ModuleContext, l: RawListener, tgAddresses: ReadonlySet<string>, lbAddresses: ReadonlySet<string>): void {
  const note = (message: string, span: Span) => ctx.facts.notices.push({ file: l.located.file, level: 'info', message: `${l.address}: ${message}`, span });
  for (const u of l.unresolved) {
    const why = u.value.kind === 'unknown' ? ` (${u.value.why})` : u.value.kind === 'scalar' ? ` (it is the literal ${JSON.stringify(u.value.value)}, not a reference to a resource in this module)` : '';
    const effect = u.attribute === 'load_balancer_arn' ? 'the listener is not joined to a load balancer' : 'the target group it forwards to is not known, so its targets are not simulated';
    note(`${u.attribute} = ${describe(u.expr)} cannot be resolved before apply${why}; ${effect}.`, u.expr.span);
  }
  const head = l.located.node.head;
  if (l.lbAddress && !lbAddresses.has(l.lbAddress)) note(`load_balancer_arn refers to ${l.lbAddress}, which is not a load balancer defined in this module; the listener is not joined to one.`, head);
  for (const tg of l.forwards) {
    if (!tgAddresses.has(tg)) note(`target_group_arn refers to ${tg}, which is not a target group defined in this module; its targets are not known, so they are not simulated.`, head);
  }
}

/** An `aws_lb` that is a Network Load Balancer, with the AWS defaults Terraform leaves in place. */
function readLoadBalancer(ctx: ModuleContext, address: string, r: Located<TfBlock>, listeners: readonly RawListener[]): LoadBalancerModel | undefined {
  const src = blockSource(ctx, r);
  const type = read(src, 'load_balancer_type', oneOf('application', 'network', 'gateway'), byDefault('application', 'aws_lb: load_balancer_type defaults to application', r.node.head));
  // Not simulated, but a typo there is still one AWS rejects: warned on like every other enum.
  read(src, 'ip_address_type', oneOf(...IP_ADDRESS_TYPES), byDefault('ipv4', 'aws_lb: ip_address_type defaults to ipv4', r.node.head));
  let isNetwork = type.value === 'network' && type.origin !== 'assumed';
  if (type.origin === 'assumed') {
    const nlbListener = listeners.find((l) => l.protocol && NLB_PROTOCOLS.has(l.protocol));
    if (nlbListener) {
      isNetwork = true;
      ctx.facts.notices.push({
        file: r.file,
        level: 'info',
        message: `${address}: load_balancer_type is not known before apply (${type.why}); treated as a Network Load Balancer because ${nlbListener.address} listens on ${nlbListener.protocol}.`,
        span: type.span ?? r.node.head,
      });
    }
  }
  if (!isNetwork) return undefined;
  const { scheme, crossZone } = readLoadBalancerSettings(
    src,
    byDefault(false, 'AWS: cross-zone load balancing is off by default for Network Load Balancers (aws_lb enable_cross_zone_load_balancing defaults to false)', r.node.head),
    'aws_lb',
  );
  return {
    id: tfId(ctx, address),
    name: address,
    file: r.file,
    head: r.node.head,
    extent: r.node.span,
    manager: type.origin === 'assumed' ? inferred('terraform', 'a Terraform aws_lb', r.node.head) : explicit('terraform', r.node.head),
    scheme,
    crossZone,
  };
}
