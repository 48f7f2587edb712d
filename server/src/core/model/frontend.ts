import type { Span } from '../text/span';
import type { BackendSoftware } from './backend';
import type { ListenerModel, LoadBalancerModel, TargetGroupModel } from './nlb';
import type { ServiceFact, ServicePortFact, TrafficPolicy } from './service';
import type { NodeSelector } from './node-selector';
import type { Sourced } from './sourced';

/** One target an attachment registers (Terraform attachments, CloudFormation `Targets`, CDK `addTargets`). */
export interface AttachedTarget {
  /** As written: `aws_instance.web`, `i-0abc…`, `10.0.5.7`, or the autoscaling group. */
  readonly name: string;
  /** `node-group`: an EKS node group's autoscaling group, so Kubernetes nodes. */
  readonly kind: 'instance' | 'ip' | 'autoscaling-group' | 'node-group';
  readonly span: Span;
  /** Stands for hosts code makes that Hairpin cannot count (CDK `nodes.map((n) => new InstanceTarget(n))`). */
  readonly several?: true;
  /** Code Hairpin cannot follow (`targets: props.nodes`): counts only when it stands for Kubernetes nodes. */
  readonly opaque?: true;
}

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
  /** The Service port whose listener and target group this is, for a Service's own NLB (one per port). */
  readonly servicePort?: ServicePortFact;
  readonly trafficPolicy: Sourced<TrafficPolicy>;
  /** Port the target group sends to (the NodePort for instance targets). */
  readonly targetPort: Sourced<number>;
  /** Port the backend pods listen on. */
  readonly backendPort: Sourced<number>;
  /** The software behind the Service (how it is known, and its settings that decide HP104). */
  readonly backend: BackendSoftware;
  /** What the target group's Terraform attachments register (instances, IPs, autoscaling groups), when any. */
  readonly attached?: readonly AttachedTarget[];
  /**
   * What says the target group registers Kubernetes nodes or pods: the Service that made it, a
   * TargetGroupBinding, a NodePort Service on its port, or an attachment of an EKS node group. Unset when
   * nothing does (then only attached instances, or `.hairpin.yaml`, say what the targets are).
   */
  readonly kubernetesTargets?: { readonly why: string; readonly span: Span };
  /**
   * Set for a Service under the legacy in-tree provider when `.hairpin.yaml` does not say it runs a
   * cloud-provider-aws that honours target-group attributes (v1.35.0 on): such an attribute written on
   * the Service would be ignored, so a fix that needs one hands the Service to the controller.
   */
  readonly inTreeIgnoresAttributes?: true;
  /** Which nodes become instance targets, when a selector says (target-node-labels, TargetGroupBinding nodeSelector). */
  readonly nodeSelector?: Sourced<NodeSelector>;
  /** Other definitions that took part (target group, binding, Service, workload), for related locations. */
  readonly related: readonly { readonly span: Span; readonly role: string }[];
}
