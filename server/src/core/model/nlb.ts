import type { Span } from '../text/span';
import type { Sourced } from './sourced';

export type Scheme = 'internal' | 'internet-facing';
export type TargetType = 'instance' | 'ip';
/** Who turns the definition into an AWS load balancer; it decides which defaults apply. */
export type Manager = 'aws-load-balancer-controller' | 'in-tree';
/** A target group's cross-zone setting; `inherit` is AWS's `use_load_balancer_configuration`. */
export type CrossZoneSetting = boolean | 'inherit';

export interface LoadBalancerModel {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  /** The resource head: where a finding goes when the deciding value is an unwritten default. */
  readonly head: Span;
  readonly manager: Sourced<Manager>;
  readonly scheme: Sourced<Scheme>;
  readonly crossZone: Sourced<boolean>;
}

export interface TargetGroupModel {
  readonly id: string;
  readonly loadBalancerId: string;
  readonly file: string;
  readonly head: Span;
  readonly targetType: Sourced<TargetType>;
  readonly protocol: Sourced<string>;
  readonly preserveClientIp: Sourced<boolean>;
  readonly proxyProtocolV2: Sourced<boolean>;
  readonly crossZone: Sourced<CrossZoneSetting>;
}

export interface ListenerModel {
  readonly id: string;
  readonly loadBalancerId: string;
  readonly targetGroupId: string;
  readonly port: Sourced<number>;
  /** Port the target group sends to: the NodePort for instance targets, the pod port for ip targets. */
  readonly targetPort: Sourced<number>;
  /** Port the backend pods listen on. */
  readonly backendPort: Sourced<number>;
}
