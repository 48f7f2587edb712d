import { BACKEND_NAMES, UNKNOWN_BACKEND, type BackendIdentity, type BackendKind, type BackendSettingsLocation, type BackendSoftware, type ProxyProtocolExpectation } from '../model/backend';
import type { ConfigMapFact, EnvoyFilterFact, WorkloadFact } from '../model/kubernetes';

import { serviceId, type ServiceFact } from '../model/service';
import { byDefault, explicit, type Sourced } from '../model/sourced';
import type { Frontend } from '../model/frontend';
import type { FileFacts, Notice } from '../model/workspace';
import { kindFromChartName, kindFromLabels } from '../parse/backend-identity';
import { nginxKeepAlive } from '../parse/backend-settings';
import { ENVOY_IDLE_TIMEOUT_SECONDS, ENVOY_IDLE_TIMEOUT_WHY, NGINX_KEEPALIVE_SECONDS, NGINX_KEEPALIVE_WHY } from '../model/aws-defaults';
import { acceptsProxyProtocol } from '../parse/k8s-workload';
import { buildWorkloadIndex, chartDependencyFor, selectedWorkload, type BuiltWorkloadIndex, type LinkIndex, type WorkloadIndex } from './link-index';
import type { Lookup, WholeList } from './read-log';

/** Istio's root namespace: an EnvoyFilter there applies across the mesh. */
const ISTIO_ROOT_NAMESPACE = 'istio-system';

/** What identifying a Service's backend looks up: workloads by Service and label, ConfigMaps by namespace. */
export interface BackendIndex {
  readonly workloads: WorkloadIndex;
  readonly configMapsByNamespace: Lookup<string, readonly ConfigMapFact[]>;
  /** Istio's mesh config (`istio` ConfigMaps' `mesh`): applies to every gateway that does not say otherwise. */
  readonly meshConfigs: WholeList<ConfigMapFact>;
  /** Istio EnvoyFilters that set the gateway's client-side idle timeout or TCP keepalive. */
  readonly envoyFilters: WholeList<EnvoyFilterFact>;
}

export interface BuiltBackendIndex {
  readonly workloads: BuiltWorkloadIndex;
  readonly configMapsByNamespace: ReadonlyMap<string, readonly ConfigMapFact[]>;
  readonly meshConfigs: WholeList<ConfigMapFact>;
  readonly envoyFilters: WholeList<EnvoyFilterFact>;
}

/** `workloads`: the workspace's workload index when the caller has it (link/cluster.ts builds the same one). */
export function buildBackendIndex(files: readonly FileFacts[], workloads?: BuiltWorkloadIndex): BuiltBackendIndex {
  const configMapsByNamespace = new Map<string, ConfigMapFact[]>();
  const meshConfigs: ConfigMapFact[] = [];
  for (const f of files) {
    for (const cm of f.configMaps ?? []) {
      const list = configMapsByNamespace.get(cm.namespace);
      if (list) list.push(cm);
      else configMapsByNamespace.set(cm.namespace, [cm]);
      if (/^istio(-[\w.-]+)?$/.test(cm.name) && Object.hasOwn(cm.data, 'mesh')) meshConfigs.push(cm);
    }
  }
  const envoyFilters = files.flatMap((f) => f.envoyFilters ?? []).filter((e) => e.idleTimeoutSeconds || e.tcpKeepaliveSeconds);
  return { workloads: workloads ?? buildWorkloadIndex(files.flatMap((f) => f.workloads)), configMapsByNamespace, meshConfigs: { items: meshConfigs }, envoyFilters: { items: envoyFilters } };
}

/** The Deployment or DaemonSet behind a Service: declared together, or selected by labels. */
export function workloadOf(svc: ServiceFact, index: WorkloadIndex): WorkloadFact | undefined {
  const together = index.byServiceId.get(serviceId(svc));
  if (together) return together;
  const selector = Object.entries(svc.selector ?? {});
  return selector.length === 0 ? undefined : selectedWorkload(index, svc.namespace, selector);
}

/**
 * The software behind a Service and its settings. Identity, best evidence first: the workload's image
 * or pod labels, a Chart.yaml dependency naming the chart, the chart values it came from, and last the
 * labels the well-known charts put on the Service and its selector. Settings come from the workload,
 * then from the ConfigMaps it reads, then from the software's documented default.
 */
export function identifyBackend(svc: ServiceFact | undefined, index: BackendIndex, link: LinkIndex): BackendSoftware {
  if (!svc) return { ...UNKNOWN_BACKEND, why: 'no Service is linked to this target group' };
  const workload = workloadOf(svc, index.workloads);
  const identity = identityOf(svc, workload, link);
  if (identity.kind === 'unknown') return identity;
  const settings = settingsOf(identity.kind, svc, workload, index);
  const idle = idleTimeoutOf(identity, svc, workload, index);
  const keepalive = identity.kind === 'istio-gateway' ? gatewayFilters(svc, workload, index).find((e) => e.tcpKeepaliveSeconds)?.tcpKeepaliveSeconds : undefined;
  return {
    ...identity,
    proxyProtocol: proxyProtocolOf(identity, svc, workload, index),
    ...(settings ? { settings } : {}),
    ...(idle ? { idleTimeoutSeconds: idle } : {}),
    ...(keepalive ? { tcpKeepaliveSeconds: keepalive } : {}),
  };
}

/**
 * EnvoyFilters that apply to the gateway's proxies: in its namespace or Istio's root namespace, with no
 * workload selector or one its pod labels (or, without a workload, the Service's selector) satisfy.
 */
function gatewayFilters(svc: ServiceFact, workload: WorkloadFact | undefined, index: BackendIndex): EnvoyFilterFact[] {
  const namespace = workload?.namespace ?? svc.namespace;
  const labels = workload && Object.keys(workload.podLabels).length > 0 ? workload.podLabels : (svc.selector ?? {});
  return index.envoyFilters.items.filter(
    (e) => (e.namespace === namespace || e.namespace === ISTIO_ROOT_NAMESPACE) && Object.entries(e.selector ?? {}).every(([k, v]) => labels[k] === v),
  );
}

/**
 * How long the backend keeps an idle client connection: the workload's own setting (chart values), then
 * ingress-nginx's ConfigMap `keep-alive`, then the software's documented default. Unknown for Traefik.
 */
function idleTimeoutOf(identity: BackendIdentity, svc: ServiceFact, workload: WorkloadFact | undefined, index: BackendIndex): Sourced<number> | undefined {
  if (workload?.idleTimeoutSeconds) return workload.idleTimeoutSeconds;
  const unseen = identity.evidence === 'labels' ? '; its configuration is not in the workspace' : '';
  const at = identity.span ?? svc.head;
  if (identity.kind === 'ingress-nginx') {
    const cm = nginxConfigMap(svc, workload, index);
    const v = cm?.data['keep-alive'];
    const written = v && nginxKeepAlive(v.value, v.span, `ConfigMap ${cm!.namespace}/${cm!.name} keep-alive`, []);
    if (written) return written;
    return byDefault(NGINX_KEEPALIVE_SECONDS, `${NGINX_KEEPALIVE_WHY}${unseen}`, at);
  }
  if (identity.kind === 'istio-gateway') {
    const filter = gatewayFilters(svc, workload, index).find((e) => e.idleTimeoutSeconds);
    if (filter) return filter.idleTimeoutSeconds;
  }
  if (identity.kind === 'istio-gateway') return byDefault(ENVOY_IDLE_TIMEOUT_SECONDS, `${ENVOY_IDLE_TIMEOUT_WHY}${unseen}`, at);
  return undefined;
}

function identityOf(svc: ServiceFact, workload: WorkloadFact | undefined, link: LinkIndex): BackendIdentity {
  if (workload?.software?.evidence === 'workload') return workload.software;
  const dep = chartDependencyFor(link, svc);
  const fromChart = dep ? kindFromChartName(dep.name) : undefined;
  if (dep && fromChart) return { kind: fromChart, evidence: 'chart', why: `Chart.yaml dependency ${dep.name}${dep.alias ? ` (alias ${dep.alias})` : ''}`, span: dep.span };
  if (workload?.software) return workload.software;
  if (workload?.serviceId !== undefined) return { ...UNKNOWN_BACKEND, why: `the chart that ${svc.file} configures is not known (its values fit more than one chart)`, span: svc.head };
  if (workload) return { ...UNKNOWN_BACKEND, why: `${workload.kind} ${workload.name} runs no image Hairpin knows (Istio proxyv2, ingress-nginx controller, Traefik)`, span: workload.head };
  const byLabel = kindFromLabels(svc.selector) ?? kindFromLabels(svc.labels);
  if (byLabel) {
    const where = kindFromLabels(svc.selector) ? 'selects pods labelled' : 'is labelled';
    return { kind: byLabel.kind, evidence: 'labels', why: `no workload in the workspace; the Service ${svc.namespace}/${svc.name} ${where} ${byLabel.label}`, span: svc.head };
  }
  return UNKNOWN_BACKEND;
}

const DEFAULT_WHY: Readonly<Record<Exclude<BackendKind, 'unknown'>, string>> = {
  'istio-gateway': 'Istio: the gateway parses a PROXY header only when its proxy config sets gatewayTopology.proxyProtocol (not set by default)',
  'ingress-nginx': 'ingress-nginx: use-proxy-protocol defaults to "false"',
  traefik: 'Traefik: an entry point parses a PROXY header only with proxyProtocol.trustedIPs or insecure set (not set by default)',
};

function proxyProtocolOf(identity: BackendIdentity, svc: ServiceFact, workload: WorkloadFact | undefined, index: BackendIndex): Sourced<ProxyProtocolExpectation> {
  if (workload?.proxyProtocol) return workload.proxyProtocol;
  if (identity.kind === 'ingress-nginx') {
    const cm = nginxConfigMap(svc, workload, index);
    const v = cm?.data['use-proxy-protocol'];
    if (v && /^(true|false)$/i.test(v.value.trim())) {
      return explicit(v.value.trim().toLowerCase() === 'true' ? 'required' : 'rejected', v.span, `ConfigMap ${cm.namespace}/${cm.name} use-proxy-protocol`);
    }
  }
  if (identity.kind === 'istio-gateway') {
    const mesh = index.meshConfigs.items.find((cm) => acceptsProxyProtocol(cm.data.mesh!.value));
    if (mesh) return explicit('required', mesh.data.mesh!.span, `mesh config (ConfigMap ${mesh.namespace}/${mesh.name}) defaultConfig.gatewayTopology.proxyProtocol`);
  }
  const unseen = identity.evidence === 'labels' ? '; its configuration is not in the workspace' : '';
  return byDefault('rejected', `${DEFAULT_WHY[identity.kind as Exclude<BackendKind, 'unknown'>]}${unseen}`, identity.span ?? svc.head);
}

const YAML = /\.ya?ml$/i;

/** Where a fix would write the backend's proxy-protocol setting, when that is a YAML file of the workspace. */
function settingsOf(kind: BackendKind, svc: ServiceFact, workload: WorkloadFact | undefined, index: BackendIndex): BackendSettingsLocation | undefined {
  const fromChart = workload?.software?.evidence === 'chart' && workload.serviceId !== undefined && YAML.test(svc.file);
  if (kind === 'ingress-nginx') {
    const cm = nginxConfigMap(svc, workload, index);
    if (cm && YAML.test(cm.file)) return { file: cm.file, offset: cm.head.start, base: 'document', path: ['data'] };
    return fromChart ? { file: svc.file, offset: svc.head.start, base: 'map', path: ['config'] } : undefined;
  }
  if (kind === 'istio-gateway' && workload) {
    if (fromChart) return { file: svc.file, offset: svc.head.start, base: 'map', path: ['podAnnotations'] };
    if (workload.serviceId === undefined && YAML.test(workload.file)) return { file: workload.file, offset: workload.head.start, base: 'document', path: ['spec', 'template', 'metadata', 'annotations'] };
  }
  return undefined;
}

/**
 * HP105's assumption: the backend's idle timeout is not known (no backend identified, or one whose
 * timeout is not among Hairpin's facts, such as Traefik). Said for a listener whose idle timeout is
 * written, and for every identified backend of unknown timeout; an unknown backend behind a default
 * listener is not flagged, or every NLB without its workload in the workspace would carry the notice.
 */
export function idleAssumptions(frontends: readonly Frontend[]): Notice[] {
  return frontends.flatMap((f) => {
    const nlb = f.listener.idleTimeoutSeconds;
    if (f.backend.idleTimeoutSeconds || (f.listener.protocol && !/^(TCP|TLS|TCP_UDP)$/i.test(f.listener.protocol.value))) return [];
    if (f.backend.kind === 'unknown' && nlb?.origin !== 'explicit') return [];
    const at = (nlb?.origin === 'explicit' ? nlb.span : undefined) ?? f.head;
    const seconds = nlb?.value ?? 350;
    const backend = f.backend.kind === 'unknown' ? `The backend is not known (${f.backend.why})` : `${BACKEND_NAMES[f.backend.kind]} is the backend (${f.backend.why}), but how long it keeps idle connections is not known to Hairpin`;
    return [
      {
        file: at.file,
        level: 'info' as const,
        span: at,
        message: `Assumed: the backend behind ${f.name} closes idle client connections within the NLB's ${seconds} s idle timeout. ${backend}; if it keeps them longer, a pooled connection idle past ${seconds} s is reset by the NLB on reuse (HP105).`,
      },
    ];
  });
}

/**
 * The assumption made for a frontend whose NLB sends PROXY headers to a backend Hairpin cannot
 * identify: an info notice on the NLB's setting, never a finding.
 */
export function proxyAssumptions(frontends: readonly Frontend[]): Notice[] {
  return frontends.flatMap((f) => {
    const pp = f.targetGroup.proxyProtocolV2;
    if (!pp.value || f.backend.kind !== 'unknown') return [];
    const at = pp.span ?? f.head;
    return [
      {
        file: at.file,
        level: 'info' as const,
        span: at,
        message: `Assumed: the backend behind ${f.name} expects the PROXY v2 header this NLB sends. The backend is not known (${f.backend.why}); if it does not expect the header, every connection fails after the handshake (HP104).`,
      },
    ];
  });
}

/** ingress-nginx's ConfigMap: the one its `--configmap` argument names, else the chart's name for it in the Service's namespace. */
function nginxConfigMap(svc: ServiceFact, workload: WorkloadFact | undefined, index: BackendIndex): ConfigMapFact | undefined {
  const ref = workload?.configMapRef;
  if (ref) return index.configMapsByNamespace.get(ref.namespace)?.find((cm) => cm.name === ref.name);
  const candidates = index.configMapsByNamespace.get(workload?.namespace ?? svc.namespace) ?? [];
  return candidates.find(
    (cm) =>
      /(^|-)ingress-nginx-controller$/.test(cm.name) ||
      cm.name === 'nginx-configuration' ||
      (cm.labels['app.kubernetes.io/name'] === 'ingress-nginx' && cm.labels['app.kubernetes.io/component'] === 'controller'),
  );
}
