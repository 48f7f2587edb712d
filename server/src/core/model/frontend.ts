import type { Span } from '../text/span';
import type { ListenerModel, LoadBalancerModel, TargetGroupModel } from './nlb';
import type { ServiceFact, TrafficPolicy } from './service';
import type { NodeSelector } from './node-selector';
import type { Sourced } from './sourced';

/**
 * One way into the cluster: a load balancer's listener, its target group and the Service behind it,
 * joined across files. This is the unit the simulator runs and the rules judge.
 */
export interface Frontend {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly head: Span;
  readonly loadBalancer: LoadBalancerModel;
  readonly targetGroup: TargetGroupModel;
  readonly listener: ListenerModel;
  readonly service?: ServiceFact;
  readonly trafficPolicy: Sourced<TrafficPolicy>;
  /** Port the target group sends to (the NodePort for instance targets). */
  readonly targetPort: Sourced<number>;
  /** Port the backend pods listen on. */
  readonly backendPort: Sourced<number>;
  /** Which nodes become instance targets, when a selector says (target-node-labels, TargetGroupBinding nodeSelector). */
  readonly nodeSelector?: Sourced<NodeSelector>;
  /** Other definitions that took part (target group, binding, Service, workload), for related locations. */
  readonly related: readonly { readonly span: Span; readonly role: string }[];
}
