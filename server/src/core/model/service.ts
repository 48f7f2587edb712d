import type { KeyValueItem } from '../parse/key-value-list';
import type { Span } from '../text/span';
import type { Sourced } from './sourced';

export type TrafficPolicy = 'Cluster' | 'Local';

/** One annotation as written: key and value with their spans. */
export interface AnnotationFact {
  readonly key: string;
  readonly value: string;
  readonly keySpan: Span;
  readonly valueSpan: Span;
  /** For `k=v,k=v` list annotations: the items, each with its own span where that is exact. */
  readonly items?: readonly KeyValueItem[];
}

export interface ServicePortFact {
  readonly name?: string;
  /** The whole entry in `ports`, where the reader knows it: a position inside it is about this port. */
  readonly extent?: Span;
  readonly protocol: string;
  readonly port: Sourced<number>;
  readonly targetPort: Sourced<number>;
  readonly nodePort?: Sourced<number>;
}

export interface ServiceFact {
  readonly kind: 'Service';
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly head: Span;
  /** The whole manifest (one YAML document's object), for positions anywhere inside it. */
  readonly extent?: Span;
  readonly type: Sourced<string>;
  readonly externalTrafficPolicy: Sourced<TrafficPolicy>;
  /** Key span of `externalTrafficPolicy` when written, for hover. */
  readonly externalTrafficPolicyKey?: Span;
  readonly ports: readonly ServicePortFact[];
  readonly annotations: readonly AnnotationFact[];
  /** `spec.healthCheckNodePort` (Local policy): the NLB health-checks it, so only nodes with an endpoint are healthy. */
  readonly healthCheckNodePort?: Sourced<number>;
  /** `spec.loadBalancerClass`: `service.k8s.aws/nlb` hands the Service to the AWS Load Balancer Controller. */
  readonly loadBalancerClass?: Sourced<string>;
  /** The Service's own labels (charts put their name on them). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Pod labels the Service selects (to find its Deployment and replica count). */
  readonly selector?: Readonly<Record<string, string>>;
}

/** `<file>#Service/<namespace>/<name>`: how target groups and bindings refer to a Service. */
export function serviceId(s: Pick<ServiceFact, 'file' | 'namespace' | 'name'>): string {
  return `${s.file}#Service/${s.namespace}/${s.name}`;
}
