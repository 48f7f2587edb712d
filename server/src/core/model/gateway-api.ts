import type { Span } from '../text/span';
import type { Sourced } from './sourced';

/** Raw Gateway API facts of one file; joined across files in link/gateway-api.ts. */
export interface GatewayApiFacts {
  readonly classes: readonly { readonly name: string; readonly controllerName: string }[];
  readonly gateways: readonly GatewayFact[];
  readonly loadBalancerConfigs: readonly LoadBalancerConfigFact[];
  readonly targetGroupConfigs: readonly TargetGroupConfigFact[];
  /** TCPRoute/TLSRoute backends: which Service a gateway forwards to. */
  readonly routes: readonly { readonly gateway: string; readonly namespace: string; readonly serviceName: string; readonly servicePort?: number }[];
}

export interface GatewayFact {
  readonly file: string;
  readonly head: Span;
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly parametersRef?: string;
  readonly listenerPorts: readonly Sourced<number>[];
}

export interface AttributeFact {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

export interface LoadBalancerConfigFact {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly scheme?: Sourced<string>;
  readonly attributes: readonly AttributeFact[];
}

export interface TargetGroupConfigFact {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly serviceName?: string;
  readonly targetType?: Sourced<string>;
  readonly attributes: readonly AttributeFact[];
}
