import type { NodeSelector } from './node-selector';
import type { Span } from '../text/span';
import type { BackendIdentity, ProxyProtocolExpectation } from './backend';
import type { Sourced } from './sourced';

/** `elbv2.k8s.aws/v1beta1 TargetGroupBinding`: binds a target group made elsewhere to a Service. */
export interface TargetGroupBindingFact {
  readonly file: string;
  readonly head: Span;
  readonly name: string;
  readonly namespace: string;
  /** The target group as written: an ARN, or a name (targetGroupName). */
  readonly targetGroupArn?: Sourced<string>;
  readonly targetGroupName?: Sourced<string>;
  readonly targetType?: Sourced<'instance' | 'ip'>;
  readonly serviceName: string;
  readonly servicePort?: Sourced<number | string>;
  /** `spec.nodeSelector`: only matching nodes become instance targets. */
  readonly nodeSelector?: Sourced<NodeSelector>;
}

/** A Deployment or DaemonSet: what matters for the simulation about the pods behind a Service. */
export interface WorkloadFact {
  readonly file: string;
  readonly head: Span;
  readonly kind: 'Deployment' | 'DaemonSet';
  readonly name: string;
  readonly namespace: string;
  readonly replicas: Sourced<number>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** What software the pods run (istio proxyv2, ingress-nginx controller, Traefik), from images, labels or chart. */
  readonly software?: BackendIdentity;
  /** How the pods treat a PROXY protocol header, when written (Istio gatewayTopology.proxyProtocol, chart config). */
  readonly proxyProtocol?: Sourced<ProxyProtocolExpectation>;
  /** How long the pods keep an idle client connection, when the workload's own definition says (chart `controller.config.keep-alive`). */
  readonly idleTimeoutSeconds?: Sourced<number>;
  /** ingress-nginx's `--configmap=<namespace>/<name>` argument: where its settings live. */
  readonly configMapRef?: { readonly namespace: string; readonly name: string; readonly span?: Span };
  /** Set when the same definition describes the Service too (IstioOperator, chart values): no selector needed. */
  readonly serviceId?: string;
}

/** Something the workspace says about the cluster itself; feeds the cluster facts below `.hairpin.yaml`. */
export type ClusterHint =
  | { readonly kind: 'node-group'; readonly file: string; readonly name: string; readonly desiredSize: Sourced<number>; readonly zones?: Sourced<readonly string[]>; readonly labels?: Sourced<Readonly<Record<string, string>>> }
  | { readonly kind: 'cluster-zones'; readonly file: string; readonly zones: Sourced<readonly string[]> }
  | { readonly kind: 'cni'; readonly file: string; readonly cni: Sourced<'aws-vpc-cni' | 'overlay'>; readonly externalSnat?: Sourced<boolean> };

/** A dependency in a chart's Chart.yaml: values for it sit under its alias, or its name. */
export interface ChartDependencyFact {
  readonly file: string;
  readonly span: Span;
  readonly name: string;
  readonly alias?: string;
  readonly repository?: string;
}

/** A ConfigMap's string data (ingress-nginx reads its settings from one). */
/** An Istio EnvoyFilter's settings for the gateway's client connections (HP105). */
export interface EnvoyFilterFact {
  readonly file: string;
  readonly head: Span;
  readonly name: string;
  readonly namespace: string;
  /** `workloadSelector.labels`; absent: every proxy of its namespace (of the mesh, in the root namespace). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly idleTimeoutSeconds?: Sourced<number>;
  readonly tcpKeepaliveSeconds?: Sourced<number>;
}

export interface ConfigMapFact {
  readonly file: string;
  readonly head: Span;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly data: Readonly<Record<string, { readonly value: string; readonly span?: Span }>>;
}
