import type { BackendKind } from '../model/backend';

/**
 * The labels the well-known charts put on their pods and Services: istio/gateway labels its pods
 * `istio: <name without "istio-">` and `app: <name>`, ingress-nginx and Traefik use
 * `app.kubernetes.io/name`. Order matters only for labels that name two kinds (none today).
 */
export function kindFromLabels(labels: Readonly<Record<string, string>> | undefined): { kind: BackendKind; label: string } | undefined {
  if (!labels) return undefined;
  const has = (k: string) => Object.hasOwn(labels, k);
  const name = has('app.kubernetes.io/name') ? labels['app.kubernetes.io/name'] : undefined;
  if (name === 'ingress-nginx') return { kind: 'ingress-nginx', label: 'app.kubernetes.io/name: ingress-nginx' };
  if (name === 'traefik') return { kind: 'traefik', label: 'app.kubernetes.io/name: traefik' };
  if (has('istio') && /gateway$/.test(labels.istio!)) return { kind: 'istio-gateway', label: `istio: ${labels.istio}` };
  if (has('app') && /^istio-.*gateway$/.test(labels.app!)) return { kind: 'istio-gateway', label: `app: ${labels.app}` };
  if (has('app') && labels.app === 'ingress-nginx') return { kind: 'ingress-nginx', label: 'app: ingress-nginx' };
  if (has('app') && labels.app === 'traefik') return { kind: 'traefik', label: 'app: traefik' };
  return undefined;
}

/**
 * A container image of a well-known backend: Istio's proxyv2 (the gateway runs Envoy from it), the
 * ingress-nginx controller (not F5's `nginx/nginx-ingress`, which has other settings), Traefik.
 */
export function kindFromImage(image: string): BackendKind | undefined {
  const path = image.split('@')[0]!.replace(/:[^/:]*$/, '').toLowerCase();
  if (/(^|\/)proxyv2$/.test(path)) return 'istio-gateway';
  if (/(^|\/)ingress-nginx\/controller(-chroot)?$/.test(path) || /(^|\/)nginx-ingress-controller$/.test(path)) return 'ingress-nginx';
  if (/(^|\/)traefik$/.test(path)) return 'traefik';
  return undefined;
}

/** Chart names (Chart.yaml dependencies, helm_release `chart`), with or without a repository prefix. */
export function kindFromChartName(chart: string): Exclude<BackendKind, 'unknown'> | undefined {
  const name = chart.replace(/^.*\//, '').replace(/-\d[\w.+-]*\.tgz$/, '');
  if (name === 'gateway') return 'istio-gateway';
  if (name === 'ingress-nginx') return 'ingress-nginx';
  if (name === 'traefik') return 'traefik';
  return undefined;
}
