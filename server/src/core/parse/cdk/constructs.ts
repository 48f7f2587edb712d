import { camel, lastName, stringValue, type CallExpr, type Expr } from './expr';
import type { CallSite } from './syntax';
import { follow, prop, propsOf, type Ctx, type Props } from './values';

/**
 * The NLB constructs of a file and how they are wired, before any defaults: load balancers,
 * target groups (constructed, or made by `addTargets`), and listeners with what they forward to.
 */
export interface LbRecord {
  readonly kind: 'lb';
  readonly site: CallSite;
  readonly props: Props;
  readonly idArg?: Expr;
  /** `setAttribute(key, value)` calls, last one wins. */
  readonly attributes: Map<string, Expr>;
}

export interface TgRecord {
  readonly kind: 'tg';
  readonly site: CallSite;
  readonly props: Props;
  readonly idArg?: Expr;
  /** The listener whose `addTargets` made this target group. */
  listener?: ListenerRecord;
  /** Targets added later with `addTarget(...)`. */
  readonly added: Expr[];
  readonly attributes: Map<string, Expr>;
}

export interface ListenerRecord {
  readonly kind: 'listener';
  readonly site: CallSite;
  readonly props: Props;
  readonly idArg?: Expr;
  lb?: LbRecord;
  readonly targetGroups: TgRecord[];
}

type AnyRecord = LbRecord | TgRecord | ListenerRecord;

export interface Constructs {
  readonly lbs: readonly LbRecord[];
  readonly tgs: readonly TgRecord[];
  readonly listeners: readonly ListenerRecord[];
}

const CLASSES = new Set(['NetworkLoadBalancer', 'NetworkTargetGroup', 'NetworkListener']);
const METHODS = new Set(['addListener', 'addTargets', 'addTargetGroups', 'addTarget', 'setAttribute']);

export function collectConstructs(ctx: Ctx): Constructs {
  const sites = ctx.syntax.calls(new Set([...CLASSES, ...METHODS, ...ctx.syntax.classAliases.keys()]));
  // Keyed by start and end: a chained call (`nlb.addListener(…).addTargets(…)`) starts where its receiver does.
  const bySpan = new Map<string, AnyRecord>();
  const key = (c: { span: { start: number; end: number } }) => `${c.span.start}:${c.span.end}`;
  const lbs: LbRecord[] = [];
  const tgs: TgRecord[] = [];
  const listeners: ListenerRecord[] = [];
  // Pass 1: everything that creates a construct, keyed by where its call starts.
  for (const site of sites) {
    const c = site.call;
    const cls = classOf(ctx, c);
    const method = cls ? undefined : camel(lastName(c.callee) ?? '');
    const idArg = cls ? c.args[1] : c.args[0];
    const base = { site, ...(idArg ? { idArg } : {}) };
    let rec: AnyRecord | undefined;
    if (cls === 'NetworkLoadBalancer') lbs.push((rec = { kind: 'lb', ...base, props: propsOf(ctx, c, 2), attributes: new Map() }));
    else if (cls === 'NetworkTargetGroup') tgs.push((rec = { kind: 'tg', ...base, props: propsOf(ctx, c, 2), added: [], attributes: new Map() }));
    else if (cls === 'NetworkListener') listeners.push((rec = { kind: 'listener', ...base, props: propsOf(ctx, c, 2), targetGroups: [] }));
    else if (method === 'addListener') listeners.push((rec = { kind: 'listener', ...base, props: propsOf(ctx, c, 1), targetGroups: [] }));
    else if (method === 'addTargets') tgs.push((rec = { kind: 'tg', ...base, props: propsOf(ctx, c, 1), added: [], attributes: new Map() }));
    if (rec) bySpan.set(key(c), rec);
  }
  const recordOf = (e: Expr | undefined): AnyRecord | undefined => {
    const r = e ? follow(ctx, e).expr : undefined;
    return r?.kind === 'call' ? bySpan.get(key(r)) : undefined;
  };
  // Pass 2: wire receivers (`nlb.addListener`, `listener.addTargets`, `tg.addTarget`) to their constructs.
  for (const site of sites) {
    const c = site.call;
    const method = camel(lastName(c.callee) ?? '');
    const receiver = c.callee.kind === 'member' ? recordOf(c.callee.object) : undefined;
    const own = bySpan.get(key(c));
    if (own?.kind === 'listener') {
      const lb = own.site.call.callee.kind === 'member' && method === 'addListener' ? receiver : recordOf(prop(own.props, 'loadBalancer')?.value);
      if (lb?.kind === 'lb') own.lb = lb;
    } else if (own?.kind === 'tg' && method === 'addTargets' && receiver?.kind === 'listener') {
      own.listener = receiver;
      receiver.targetGroups.push(own);
    } else if (method === 'addTargetGroups' && receiver?.kind === 'listener') {
      for (const arg of c.args.slice(1)) addTargetGroup(receiver, recordOf(arg));
    } else if (method === 'addTarget' && receiver?.kind === 'tg') {
      receiver.added.push(...c.args);
    } else if (method === 'setAttribute' && (receiver?.kind === 'lb' || receiver?.kind === 'tg')) {
      const key = c.args[0] ? stringValue(follow(ctx, c.args[0]).expr) : undefined;
      if (key && c.args[1]) receiver.attributes.set(key, c.args[1]);
    }
  }
  for (const l of listeners) {
    for (const tg of defaultTargetGroups(ctx, l.props).reverse()) addTargetGroup(l, recordOf(tg), true);
  }
  // Listeners of other load balancers (an ALB's addListener) and their target groups are not ours.
  const ours = listeners.filter((l) => l.lb);
  return { lbs, tgs: tgs.filter((t) => !t.listener || t.listener.lb), listeners: ours };
}

function classOf(ctx: Ctx, c: CallExpr): string | undefined {
  const last = lastName(c.callee);
  if (!last) return undefined;
  const name = c.callee.kind === 'name' ? (ctx.syntax.classAliases.get(last) ?? last) : last;
  return CLASSES.has(name) ? name : undefined;
}

function addTargetGroup(l: ListenerRecord, rec: AnyRecord | undefined, first = false): void {
  if (rec?.kind !== 'tg' || l.targetGroups.includes(rec)) return;
  if (first) l.targetGroups.unshift(rec);
  else l.targetGroups.push(rec);
}

/** `defaultTargetGroups: [tg]`, or `defaultAction: NetworkListenerAction.forward([tg])` / `weightedForward([{ targetGroup, weight }])`. */
function defaultTargetGroups(ctx: Ctx, props: Props): Expr[] {
  const out: Expr[] = [];
  const list = prop(props, 'defaultTargetGroups')?.value;
  const listed = list ? follow(ctx, list).expr : undefined;
  if (listed?.kind === 'array') out.push(...listed.items);
  const action = prop(props, 'defaultAction')?.value;
  const call = action ? follow(ctx, action).expr : undefined;
  if (call?.kind === 'call' && /^(forward|weightedForward|weighted_forward)$/.test(lastName(call.callee) ?? '') && call.args[0]) {
    const items = follow(ctx, call.args[0]).expr;
    for (const item of items.kind === 'array' ? items.items : []) {
      const obj = follow(ctx, item).expr;
      const tg = obj.kind === 'object' ? obj.props.find((p) => p.key === 'targetGroup')?.value : obj.kind === 'call' && obj.kwargs.length > 0 ? obj.kwargs.find((p) => p.key === 'targetGroup')?.value : item;
      if (tg) out.push(tg);
    }
  }
  return out;
}
