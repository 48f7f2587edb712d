import type { Frontend } from '../model/frontend';
import type { Sourced } from '../model/sourced';
import { listenerIdleTimeout } from '../simulate/from-frontend';
import { loweredBackendTimeout, raisedListenerTimeout, type MitigationId } from '../simulate/mitigations';
import type { IdleTimeouts } from '../simulate/scenario';

/** The idle timeouts as the what-ifs saw them. */
function scenarioIdle(f: Frontend): IdleTimeouts | undefined {
  const nlb = listenerIdleTimeout(f);
  const backend = f.backend.idleTimeoutSeconds;
  return nlb && backend ? { nlbSeconds: nlb.value, nlbFixed: false, backendSeconds: backend.value } : undefined;
}

/** One deciding value to write, whatever the format: which definition holds it and what it becomes. */
export type Setting =
  | 'preserve-off'
  | 'proxy-on'
  | 'proxy-off'
  | 'cross-zone-off'
  | 'ip-targets'
  | 'local-policy'
  | 'backend-proxy-on'
  | 'backend-proxy-off'
  | 'listener-idle-timeout'
  | 'backend-idle-timeout';

export interface Change {
  /** The target group, the load balancer, its listener, the Service behind them, or the backend's own settings. */
  readonly on: 'tg' | 'lb' | 'listener' | 'service' | 'backend';
  readonly setting: Setting;
  /** The number of seconds the idle-timeout settings write (what the what-if simulated). */
  readonly seconds?: number;
  /** The listener's `<PROTOCOL>-<port>`, as the controller's per-listener annotation names it. */
  readonly listenerKey?: string;
  /** The Service port of the target group, where a Service's per-port annotation (`…-target-group-attributes.443`) may hold the value. */
  readonly servicePort?: number;
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
    case 'raise-listener-idle-timeout':
    case 'lower-backend-idle-timeout': {
      const idle = scenarioIdle(f);
      if (!idle) return { unavailable: 'The idle timeouts of this frontend are not known.' };
      if (id === 'lower-backend-idle-timeout') return { changes: [{ on: 'backend', setting: 'backend-idle-timeout', seconds: loweredBackendTimeout(idle) }] };
      const seconds = raisedListenerTimeout(idle);
      return seconds === undefined ? { unavailable: 'No listener idle timeout AWS accepts (60–6000 s) is above the backend’s.' } : { changes: [{ on: 'listener', setting: 'listener-idle-timeout', seconds, listenerKey: `${(f.listener.protocol?.value ?? 'TCP').toUpperCase()}-${f.listener.port.value}` }] };
    }
    case 'service-direct':
      return { unavailable: 'This is a change to the callers, not to these files: point in-cluster clients at the Service (its ClusterIP or DNS name) instead of the NLB hostname.' };
  }
}

/** The model's current value for a change: what is written (with its span) or the default in force. */
export function currentValue(c: Change, f: Frontend): Sourced<unknown> {
  const tg = f.targetGroup;
  if (c.on === 'lb') return f.loadBalancer.crossZone;
  if (c.on === 'service') return f.trafficPolicy;
  if (c.on === 'listener') return listenerIdleTimeout(f) ?? { value: 350, origin: 'default', span: f.head };
  if (c.on === 'backend') return c.setting === 'backend-idle-timeout' ? (f.backend.idleTimeoutSeconds ?? { value: 0, origin: 'default' }) : (f.backend.proxyProtocol ?? tg.proxyProtocolV2);
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
