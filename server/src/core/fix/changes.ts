import type { Frontend } from '../model/frontend';
import type { Sourced } from '../model/sourced';
import type { MitigationId } from '../simulate/mitigations';

/** One deciding value to write, whatever the format: which definition holds it and what it becomes. */
export type Setting = 'preserve-off' | 'proxy-on' | 'proxy-off' | 'cross-zone-off' | 'ip-targets' | 'local-policy' | 'backend-proxy-on' | 'backend-proxy-off';

export interface Change {
  /** The target group, the load balancer, the Service behind them, or the backend's own settings. */
  readonly on: 'tg' | 'lb' | 'service' | 'backend';
  readonly setting: Setting;
}

export type Plan = { readonly changes: readonly Change[] } | { readonly unavailable: string };

/**
 * The values a mitigation's what-if changed, on the definitions of this frontend. Each mirrors what
 * `simulate/mitigations.ts` applies to the scenario, so the edit does what was simulated.
 */
export function planFor(id: MitigationId, f: Frontend): Plan {
  const tg = f.targetGroup;
  switch (id) {
    case 'disable-preservation':
      return { changes: [{ on: 'tg', setting: 'preserve-off' }] };
    case 'proxy-protocol':
      return { changes: [{ on: 'tg', setting: 'preserve-off' }, { on: 'tg', setting: 'proxy-on' }] };
    case 'disable-cross-zone':
      // The target group's own setting wins over the load balancer's; change the one in force.
      return { changes: [{ on: tg.crossZone.value === 'inherit' ? 'lb' : 'tg', setting: 'cross-zone-off' }] };
    case 'ip-targets':
      // The what-if keeps preservation off (the ip-target default); a written `true` would undo that.
      return { changes: [{ on: 'tg', setting: 'ip-targets' }, ...(tg.preserveClientIp.origin === 'explicit' && tg.preserveClientIp.value ? [{ on: 'tg' as const, setting: 'preserve-off' as const }] : [])] };
    case 'local-policy':
      return f.service
        ? { changes: [{ on: 'service', setting: 'local-policy' }] }
        : { unavailable: 'No Kubernetes Service linked to this load balancer is in the workspace: set externalTrafficPolicy: Local on the Service whose node port the target group sends to.' };
    case 'disable-proxy-protocol':
      return { changes: [{ on: 'tg', setting: 'proxy-off' }] };
    case 'enable-proxy-protocol':
      return { changes: [{ on: 'tg', setting: 'proxy-on' }] };
    case 'backend-proxy-protocol':
      return { changes: [{ on: 'backend', setting: tg.proxyProtocolV2.value ? 'backend-proxy-on' : 'backend-proxy-off' }] };
    case 'service-direct':
      return { unavailable: 'This is a change to the callers, not to these files: point in-cluster clients at the Service (its ClusterIP or DNS name) instead of the NLB hostname.' };
  }
}

/** The model's current value for a change: what is written (with its span) or the default in force. */
export function currentValue(c: Change, f: Frontend): Sourced<unknown> {
  const tg = f.targetGroup;
  if (c.on === 'lb') return f.loadBalancer.crossZone;
  if (c.on === 'service') return f.trafficPolicy;
  if (c.on === 'backend') return f.backend.proxyProtocol ?? tg.proxyProtocolV2;
  switch (c.setting) {
    case 'preserve-off':
      return tg.preserveClientIp;
    case 'proxy-on':
    case 'proxy-off':
      return tg.proxyProtocolV2;
    case 'cross-zone-off':
      return tg.crossZone;
    default:
      return tg.targetType;
  }
}
