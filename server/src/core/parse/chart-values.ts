import type { Document } from 'yaml';
import type { BackendKind } from '../model/backend';
import type { Notice } from '../model/workspace';
import type { Span } from '../text/span';
import { kindFromChartName } from './backend-identity';
import type { ChartRelease } from './charts/chart-workload';
import { nginxFromValues } from './charts/ingress-nginx-values';
import { traefikFromValues } from './charts/traefik-values';
import { gatewayFromValues } from './helm-gateway-values';
import { LBC_PREFIX } from './lbc-service';
import { asMap, asSeq, entries, entry, nodeSpan } from './yaml-ast';

type ChartKind = Exclude<BackendKind, 'unknown'>;

/**
 * Helm values files of the charts that put Services behind NLBs, recognised by their own keys: the
 * controller's annotations where each chart puts them, at the top level or under one key (an umbrella
 * chart's dependency name or alias). Which chart is decided by evidence, never by where the annotations
 * alone sit: ingress-nginx keeps its Service under `controller`; istio/gateway and Traefik both use
 * `service.annotations`, and are told apart by their other keys. Values that fit both get a notice.
 */
export function readChartValues(doc: Document, file: string, text: string, notices: Notice[]): ChartRelease[] {
  const root = doc.contents;
  if (entry(root, 'kind') || entry(root, 'apiVersion')) return [];
  const top = classify(root, undefined);
  if (top) return [release(top, root, undefined, file, text, notices)];
  return entries(root).flatMap((e) => {
    const kind = classify(e.value, e.key);
    return kind ? [release(kind, e.value, e.key, file, text, notices, nodeSpan(file, e.keyNode))] : [];
  });
}

/** Reads values of a chart known by name (a helm_release's `chart`, a Chart.yaml dependency). */
export function releaseFromValues(kind: ChartKind, values: unknown, r: { name: string; namespace: string; head?: Span }, file: string, text: string, notices: Notice[]): ChartRelease {
  if (kind === 'ingress-nginx') return nginxFromValues(values, r, file, text, notices);
  if (kind === 'traefik') return traefikFromValues(values, r, file, text, notices);
  return gatewayFromValues(values, r, file, text, notices);
}

function release(kind: ChartKind | 'ambiguous', values: unknown, key: string | undefined, file: string, text: string, notices: Notice[], keySpan?: Span): ChartRelease {
  const r = { name: key ?? defaultName(kind), namespace: '(release namespace)' };
  if (kind !== 'ambiguous') return releaseFromValues(kind, values, r, file, text, notices);
  const read = gatewayFromValues(values, r, file, text, notices);
  notices.push({
    file,
    level: 'info',
    message:
      `Cannot tell which chart ${key ? `the values under "${key}" are` : 'these values are'} for: service.annotations fits istio/gateway and Traefik alike, and no other key decides. ` +
      'The Service is read; the backend is unknown unless a Chart.yaml dependency in this folder names the chart. ' +
      'Keys that decide: replicaCount or podAnnotations (istio/gateway), deployment or ports (Traefik).',
    span: keySpan ?? read.service.head,
  });
  const { software: _software, ...workload } = read.workload;
  return { service: read.service, workload };
}

function defaultName(kind: ChartKind | 'ambiguous'): string {
  return kind === 'ingress-nginx' ? 'ingress-nginx-controller' : kind === 'traefik' ? 'traefik' : 'istio-gateway';
}

function hasLbcKey(map: unknown): boolean {
  return entries(map).some((e) => e.key.startsWith(LBC_PREFIX));
}

const ISTIO_KEYS = ['replicaCount', 'annotations', 'podAnnotations', 'revision', 'networkGateway'];
const TRAEFIK_KEYS = ['deployment', 'ports', 'ingressRoute', 'providers', 'additionalArguments', 'ingressClass', 'entryPoints'];
const ISTIO_NAMES = new Set(['gateway', 'istio-gateway', 'istio-ingressgateway', 'ingressgateway', 'istio-ingress']);

/**
 * Which chart a values node is for, by its shape: undefined when it holds no controller annotations.
 * The key it sits under decides only between istio/gateway and Traefik, and only when it is the chart's name.
 */
function classify(node: unknown, key: string | undefined): ChartKind | 'ambiguous' | undefined {
  const controller = entry(node, 'controller')?.value;
  if (asMap(controller) && hasLbcKey(entry(entry(controller, 'service')?.value, 'annotations')?.value)) return 'ingress-nginx';
  const service = entry(node, 'service')?.value;
  if (!asMap(service)) return undefined;
  const istioTop = hasLbcKey(entry(node, 'annotations')?.value);
  if (!hasLbcKey(entry(service, 'annotations')?.value) && !hasLbcKey(entry(service, 'annotationsTCP')?.value) && !istioTop) return undefined;
  const istio = istioTop || ISTIO_KEYS.some((k) => entry(node, k)) || !!asSeq(entry(service, 'ports')?.value) || !!entry(service, 'externalTrafficPolicy');
  const traefik = TRAEFIK_KEYS.some((k) => entry(node, k)) || !!asMap(entry(service, 'spec')?.value) || !!entry(service, 'annotationsTCP');
  if (istio !== traefik) return istio ? 'istio-gateway' : 'traefik';
  const named = key !== undefined ? (ISTIO_NAMES.has(key) ? 'istio-gateway' : kindFromChartName(key)) : undefined;
  return named ?? 'ambiguous';
}
