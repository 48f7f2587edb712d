import type { Span } from '../text/span';
import type { Sourced } from './sourced';

/** The software a frontend's traffic ends in: the well-known ingress backends, or not known. */
export type BackendKind = 'istio-gateway' | 'ingress-nginx' | 'traefik' | 'unknown';

/**
 * How Hairpin knows the backend: its workload in the workspace (image, labels), chart values it was
 * installed with, only the labels the well-known charts put on its pods and Service, or nothing.
 */
export type BackendEvidence = 'workload' | 'chart' | 'labels' | 'none';

/**
 * How a backend treats a PROXY protocol header at the start of a connection:
 * - required: it parses one first and closes connections that do not start with one;
 * - optional: it parses one when present (Traefik's entry points with `proxyProtocol` set);
 * - rejected: it does not parse one, so a header breaks the connection.
 */
export type ProxyProtocolExpectation = 'required' | 'optional' | 'rejected';

/** What a workload, chart values or labels say the backend is (before its settings are looked up). */
export interface BackendIdentity {
  readonly kind: BackendKind;
  readonly evidence: BackendEvidence;
  /** "Deployment istio-ingressgateway runs docker.io/istio/proxyv2", for messages. */
  readonly why: string;
  /** Where the evidence is written (an image, a label, a chart key), when it is. */
  readonly span?: Span;
}

/** The backend behind a frontend and the settings of it that decide how connections through the NLB fare. */
export interface BackendSoftware extends BackendIdentity {
  /** Whether it expects a PROXY header; absent when the backend is not known. */
  readonly proxyProtocol?: Sourced<ProxyProtocolExpectation>;
  /** Where its proxy-protocol setting is (or would be) written in YAML, for fixes. */
  readonly settings?: BackendSettingsLocation;
  /** How long it keeps an idle client (downstream) connection open, in seconds; absent when not known. */
  readonly idleTimeoutSeconds?: Sourced<number>;
  /** Idle seconds before it sends TCP keepalive probes on client connections, when configured (none by default). */
  readonly tcpKeepaliveSeconds?: Sourced<number>;
}

/**
 * A YAML map that holds (or would hold) a backend's setting: found from `offset` (a key or value in the
 * file) as its whole document (`document`) or the map that holds it (`map`), then `path` below that.
 * ingress-nginx: a ConfigMap's `data`, or chart values' `controller.config`; Istio: the pod annotations.
 */
export interface BackendSettingsLocation {
  readonly file: string;
  readonly offset: number;
  readonly base: 'document' | 'map';
  readonly path: readonly string[];
}

export const BACKEND_NAMES: Readonly<Record<BackendKind, string>> = {
  'istio-gateway': 'the Istio gateway',
  'ingress-nginx': 'ingress-nginx',
  traefik: 'Traefik',
  unknown: 'the backend',
};

export const UNKNOWN_BACKEND: BackendSoftware = {
  kind: 'unknown',
  evidence: 'none',
  why: 'no workload for this Service in the workspace, and no labels of a well-known chart on it',
};
