import type { Span } from '../text/span';
import type { Sourced } from './sourced';

export type Scheme = 'internal' | 'internet-facing';
export type TargetType = 'instance' | 'ip';
/** Who turns the definition into an AWS load balancer; it decides which defaults apply. */
export type Manager = 'aws-load-balancer-controller' | 'in-tree' | 'terraform' | 'cloudformation' | 'cdk';
/** A target group's cross-zone setting; `inherit` is AWS's `use_load_balancer_configuration`. */
export type CrossZoneSetting = boolean | 'inherit';

export interface LoadBalancerModel {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  /** The resource head: where a finding goes when the deciding value is an unwritten default. */
  readonly head: Span;
  /** The whole resource, where the reader knows it: a position inside it belongs to this load balancer. */
  readonly extent?: Span;
  readonly manager: Sourced<Manager>;
  readonly scheme: Sourced<Scheme>;
  readonly crossZone: Sourced<boolean>;
}

/**
 * Ids are strings the readers make globally unique and that references resolve to without lookup
 * tables: `tf:<module folder>:aws_lb.this`, `cfn:<file>:LogicalId`, `cdk:<file>:variable`,
 * `<file>#Service/<namespace>/<name>` for a Service's own load balancer.
 */
export interface TargetGroupModel {
  readonly id: string;
  readonly loadBalancerId: string;
  readonly file: string;
  readonly head: Span;
  /** The whole resource, where the reader knows it. */
  readonly extent?: Span;
  readonly targetType: Sourced<TargetType>;
  readonly protocol: Sourced<string>;
  readonly preserveClientIp: Sourced<boolean>;
  readonly proxyProtocolV2: Sourced<boolean>;
  readonly crossZone: Sourced<CrossZoneSetting>;
  /** Port the target group sends to: the NodePort for instance targets, the pod port for ip targets. */
  readonly port?: Sourced<number>;
  /** The target group's AWS name, when written (TargetGroupBinding can refer to it). */
  readonly name?: Sourced<string>;
  /** Other strings that identify this target group (an ARN output name, a module key). */
  readonly aliases?: readonly string[];
  /** The Service this target group was made for, when its definition says so (LBC Services). */
  readonly serviceId?: string;
  /** The Service port it was made for: a Service's NLB has one target group per port (parse/lbc-service.ts). */
  readonly servicePort?: { readonly port: number; readonly protocol: string; readonly name?: string };
  /**
   * Values written where the manager reads them only from a version on (the in-tree provider's
   * target-group attributes). The fields above hold what older versions do; these apply when
   * `.hairpin.yaml` says the cluster runs `since` or later (link/provider-version.ts).
   */
  readonly fromVersion?: VersionedValues;
}

export interface VersionedValues {
  readonly component: string;
  readonly since: string;
  /** The written value older versions ignore. */
  readonly span: Span;
  readonly values: Partial<Pick<TargetGroupModel, 'preserveClientIp' | 'proxyProtocolV2' | 'crossZone'>>;
}

export interface ListenerModel {
  readonly id: string;
  readonly loadBalancerId: string;
  readonly targetGroupId: string;
  readonly port: Sourced<number>;
  readonly protocol?: Sourced<string>;
  /** TCP idle timeout (350 s unless set; TLS listeners cannot change it), for a future HP105. */
  readonly idleTimeoutSeconds?: Sourced<number>;
}
