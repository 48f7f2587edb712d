import { elbProtocol } from '../enum-values';
import type { Node } from 'yaml';
import type { Sourced } from '../../model/sourced';
import { asSeq, entry } from '../yaml-ast';
import { IDLE_TIMEOUT_ATTRIBUTE, NLB_IDLE_TIMEOUT_SECONDS, TCP_IDLE_DEFAULT_WHY } from '../../model/aws-defaults';
import { listenerIdleTimeout } from '../listener-idle-timeout';
import { intrinsicCall, resolve } from './intrinsics';
import type { Resource, Template } from './template';
import { parsePort, prop, readAttributes, resolveProp, sourced } from './values';

/** A listener as written: what it belongs to and forwards to, by logical id, before the join. */
export interface ListenerRefs {
  readonly res: Resource;
  readonly loadBalancer?: string;
  readonly targetGroups: readonly string[];
  readonly port: Sourced<number>;
  readonly protocol: Sourced<string>;
  readonly idleTimeoutSeconds?: Sourced<number>;
}

const IDLE = IDLE_TIMEOUT_ATTRIBUTE;

/** Reads an `AWS::ElasticLoadBalancingV2::Listener`: LoadBalancerArn, forward actions, Port, Protocol, idle timeout. */
export function readListener(tpl: Template, res: Resource): ListenerRefs {
  const lb = resolveProp(tpl, res, 'LoadBalancerArn');
  if (lb?.kind === 'unresolved') {
    tpl.notices.push({ file: tpl.file, level: 'info', message: `${res.logicalId}.LoadBalancerArn is ${lb.text}: ${lb.reason}. The listener is not analysed.`, span: lb.span });
  }
  const protocol = sourced(
    tpl,
    `${res.logicalId}.Protocol`,
    resolveProp(tpl, res, 'Protocol'),
    elbProtocol,
    { value: 'TCP', why: 'Protocol is not written (network listeners need one); assuming TCP', span: res.head, origin: 'assumed' },
    'a protocol',
  );
  const port = sourced(
    tpl,
    `${res.logicalId}.Port`,
    resolveProp(tpl, res, 'Port'),
    parsePort,
    { value: 443, why: 'Port is not written (network listeners need one); assuming 443', span: res.head, origin: 'assumed' },
    'a port number',
  );
  const attrs = readAttributes(tpl, `${res.logicalId}.ListenerAttributes`, prop(res, 'ListenerAttributes'));
  const idleRaw = attrs.values.get(IDLE);
  const written = idleRaw
    ? sourced(tpl, `${res.logicalId} ${IDLE}`, idleRaw, parseSeconds, { value: NLB_IDLE_TIMEOUT_SECONDS, why: TCP_IDLE_DEFAULT_WHY, span: res.head }, 'a number of seconds from 60 to 6000')
    : undefined;
  const idle = listenerIdleTimeout(protocol, written, res.head, tpl.notices);
  return {
    res,
    ...(lb?.kind === 'ref' ? { loadBalancer: lb.logicalId } : {}),
    targetGroups: forwardTargets(tpl, res),
    port,
    protocol,
    ...(idle ? { idleTimeoutSeconds: idle } : {}),
  };
}

/** Target groups of the forward actions: `TargetGroupArn`, or `ForwardConfig.TargetGroups[].TargetGroupArn`. */
function forwardTargets(tpl: Template, res: Resource): string[] {
  const out: string[] = [];
  const add = (node: Node | null | undefined) => {
    const r = resolve(tpl, node);
    if (r?.kind === 'ref') {
      if (!out.includes(r.logicalId)) out.push(r.logicalId);
    } else if (r?.kind === 'unresolved' || r?.kind === 'value') {
      const what = r.kind === 'value' ? `"${r.value}"` : r.text;
      const why = r.kind === 'value' ? 'a target group made outside this template' : r.reason;
      tpl.notices.push({ file: tpl.file, level: 'info', message: `${res.logicalId} forwards to ${what}: ${why}; that path is not analysed.`, span: r.span });
    }
  };
  const actions = prop(res, 'DefaultActions');
  if (intrinsicCall(actions)) {
    const r = resolve(tpl, actions);
    if (r?.kind === 'unresolved') tpl.notices.push({ file: tpl.file, level: 'info', message: `${res.logicalId}.DefaultActions is ${r.text}: ${r.reason}; not analysed.`, span: r.span });
    return out;
  }
  for (const action of asSeq(actions)?.items ?? []) {
    const type = resolve(tpl, entry(action, 'Type')?.value);
    if (type?.kind === 'value' && type.value !== 'forward') continue;
    add(entry(action, 'TargetGroupArn')?.value);
    for (const tg of asSeq(entry(entry(action, 'ForwardConfig')?.value, 'TargetGroups')?.value)?.items ?? []) add(entry(tg, 'TargetGroupArn')?.value);
  }
  return out;
}

function parseSeconds(raw: string): number | undefined {
  const v = raw.trim();
  return /^\d+$/.test(v) ? Number(v) : undefined;
}
