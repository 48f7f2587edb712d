import type { TargetGroupBindingFact } from '../model/kubernetes';
import type { Span } from '../text/span';
import type { AttachedTarget, Frontend } from '../model/frontend';
import type { TargetGroupModel } from '../model/nlb';
import { serviceId, type ServiceFact, type ServicePortFact } from '../model/service';
import { assumed, byDefault, inferred, type Sourced } from '../model/sourced';
import type { FileFacts } from '../model/workspace';
import type { ListenerModel } from '../model/nlb';
import { buildBackendIndex, identifyBackend, type BackendIndex, type BuiltBackendIndex } from './backend';
import { attachmentsByTargetGroup } from './attached-targets';
import { targetNodeSelector } from './target-nodes';
import { bindingFor, buildLinkIndex, chartDependencyFor, type LinkIndex } from './link-index';
import type { Lookup, LookupTable } from './read-log';

/**
 * Joins the pieces of each load balancer across files: listener -> target group -> load balancer by
 * id; target group -> Service by the Service that made it, by a TargetGroupBinding, or by the NodePort
 * an instance target group sends to. Every join is a lookup in indexes built in one pass (link-index.ts).
 * `backendIndex`: the same files' backend index, when the caller keeps one (core/cache/link-facts.ts).
 */
export function linkFrontends(files: readonly FileFacts[], backendIndex?: BuiltBackendIndex): Frontend[] {
  const context = linkContext(lookupTable(files, backendIndex));
  return sortFrontends(files.flatMap((f) => f.listeners).flatMap((l) => linkListener(l, context) ?? []));
}

/** Workspace order: by file, then by position in the file. */
export function sortFrontends(frontends: Frontend[]): Frontend[] {
  return frontends.sort((a, b) => (a.file === b.file ? a.head.start - b.head.start : a.file < b.file ? -1 : 1));
}

/** What linking a listener reads: the link, backend and attachment indexes. */
export interface LinkContext {
  readonly index: LinkIndex;
  readonly backends: BackendIndex;
  readonly attachments: Lookup<string, readonly AttachedTarget[]>;
}

/**
 * Every index linking reads, by name: what `linkContext` reads through (link/read-log.ts tracks reads by
 * these names, and the keys an edit changes are this table's keys over the changed files).
 */
export function lookupTable(files: readonly FileFacts[], backendIndex?: BuiltBackendIndex) {
  const link = buildLinkIndex(files);
  const backends = backendIndex ?? buildBackendIndex(files);
  return {
    loadBalancers: link.loadBalancers,
    targetGroups: link.targetGroups,
    servicesById: link.servicesById,
    servicesByName: link.servicesByName,
    servicesByNodePort: link.servicesByNodePort,
    bindingsByTarget: link.bindingsByTarget,
    chartDependencies: link.chartDependencies,
    workloadsByServiceId: backends.workloads.byServiceId,
    workloadsByLabel: backends.workloads.byLabel,
    configMapsByNamespace: backends.configMapsByNamespace,
    meshConfigs: backends.meshConfigs,
    envoyFilters: backends.envoyFilters,
    attachments: attachmentsByTargetGroup(files),
  } satisfies LookupTable;
}

export type LinkLookups = ReturnType<typeof lookupTable>;

/** The context linking reads, from a table of indexes (as built, or tracked: link/read-log.ts). */
export function linkContext(t: { readonly [K in keyof LinkLookups]: LinkLookups[K] extends ReadonlyMap<infer A, infer B> ? Lookup<A, B> : LinkLookups[K] }): LinkContext {
  const { workloadsByServiceId, workloadsByLabel, configMapsByNamespace, meshConfigs, envoyFilters, attachments, ...index } = t;
  return {
    index,
    backends: { workloads: { byServiceId: workloadsByServiceId, byLabel: workloadsByLabel }, configMapsByNamespace, meshConfigs, envoyFilters },
    attachments,
  };
}

/** One listener's frontend, or undefined when its load balancer or target group is not in the workspace. */
export function linkListener(listener: ListenerModel, { index, backends, attachments }: LinkContext): Frontend | undefined {
  const lb = index.loadBalancers.get(listener.loadBalancerId);
  const tg = index.targetGroups.get(listener.targetGroupId);
  if (!lb || !tg) return undefined;
  const backend = findBackend(tg, index);
  const port = backend ? matchPort(backend.service, tg, listener.port.value) : undefined;
  const servicePort = port?.servicePort;
  const targetPort = tg.port ?? (tg.targetType.value === 'instance' ? port?.nodePort : port?.targetPort) ?? assumed(31380, 'the target group port is not known; 31380 is used as a stand-in');
  const backendPort = port?.targetPort ?? assumed(8443, 'no Service linked to this target group; backend port 8443 assumed');
  const related = [
    ...(tg.file !== lb.file || tg.head.start !== lb.head.start ? [{ span: tg.head, role: 'target group' }] : []),
    ...(backend?.binding ? [{ span: backend.binding.head, role: 'TargetGroupBinding' }] : []),
    ...(backend && backend.service.head !== lb.head ? [{ span: backend.service.head, role: `Service ${backend.service.namespace}/${backend.service.name}` }] : []),
    ...chartOf(backend?.service, index),
  ];
  const nodeSelector = backend ? targetNodeSelector(backend.service, backend.binding) : undefined;
  const attached = attachments.get(tg.id);
  const kubernetesTargets = kubernetesEvidence(tg, backend, index, attached);
  return {
    id: listener.id,
    name: lb.name,
    file: lb.file,
    head: lb.head,
    loadBalancer: lb,
    targetGroup: tg,
    listener,
    ...(backend ? { service: backend.service } : {}),
    ...(servicePort && backend && tg.serviceId ? { servicePort } : {}),
    trafficPolicy: backend?.service.externalTrafficPolicy ?? byDefault('Cluster', 'no Service linked; Kubernetes default', lb.head),
    targetPort,
    backendPort,
    backend: identifyBackend(backend?.service, backends, index),
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(attached ? { attached } : {}),
    ...(kubernetesTargets ? { kubernetesTargets } : {}),
    related,
  };
}

/**
 * What says that the target group registers Kubernetes nodes or pods, if anything: the Service that made
 * it, a TargetGroupBinding (even one whose Service is not in the workspace), a Service whose NodePort is
 * the target group's port, or an attached EKS node group.
 */
function kubernetesEvidence(tg: TargetGroupModel, backend: Backend | undefined, index: LinkIndex, attached: readonly AttachedTarget[] | undefined): Frontend['kubernetesTargets'] {
  if (backend) {
    const svc = `Service ${backend.service.namespace}/${backend.service.name}`;
    if (backend.binding) return { why: `TargetGroupBinding ${backend.binding.namespace}/${backend.binding.name} binds it to ${svc}`, span: backend.binding.head };
    if (tg.serviceId) return { why: `${svc} made it`, span: backend.service.head };
    return { why: `${svc} has NodePort ${tg.port?.value}, the target group's port`, span: backend.service.head };
  }
  const binding = bindingFor(index, [tg.name?.value, ...(tg.aliases ?? [])].filter((n): n is string => !!n));
  if (binding) return { why: `TargetGroupBinding ${binding.namespace}/${binding.name} registers its targets (its Service ${binding.serviceName} is not in the workspace)`, span: binding.head };
  const group = attached?.find((t) => t.kind === 'node-group');
  if (group) return { why: `node group ${group.name} is attached to it`, span: group.span };
  return undefined;
}

/** Values under an umbrella chart's dependency key: the Chart.yaml entry that names that key. */
function chartOf(svc: ServiceFact | undefined, index: LinkIndex): { span: Span; role: string }[] {
  if (!svc) return [];
  const dep = chartDependencyFor(index, svc);
  return dep ? [{ span: dep.span, role: `chart dependency ${dep.name}${dep.alias ? ` (alias ${dep.alias})` : ''}${dep.repository ? ` from ${dep.repository}` : ''}` }] : [];
}

interface Backend {
  readonly service: ServiceFact;
  readonly binding?: TargetGroupBindingFact;
}

function findBackend(tg: TargetGroupModel, index: LinkIndex): Backend | undefined {
  if (tg.serviceId) {
    const own = index.servicesById.get(tg.serviceId);
    if (own) return { service: own };
  }
  const names = [tg.name?.value, ...(tg.aliases ?? [])].filter((n): n is string => !!n);
  const binding = bindingFor(index, names);
  if (binding) {
    const svc = index.servicesByName.get(`${binding.namespace}/${binding.serviceName}`);
    if (svc) return { service: svc, binding };
  }
  const port = tg.port?.value;
  if (tg.targetType.value === 'instance' && port !== undefined) {
    const svc = index.servicesByNodePort.get(port);
    if (svc) return { service: svc };
  }
  return undefined;
}

/** The Service port a target group reaches: by NodePort, by target port, or by the listener's port. */
function matchPort(svc: ServiceFact, tg: TargetGroupModel, listenerPort: number): { nodePort?: Sourced<number>; targetPort: Sourced<number>; servicePort: ServicePortFact } | undefined {
  const tgPort = tg.port?.value;
  const own = tg.servicePort;
  const p: ServicePortFact | undefined =
    (own && tg.serviceId === serviceId(svc) ? svc.ports.find((x) => x.port.value === own.port && (x.protocol.toUpperCase() === own.protocol || own.protocol === 'TCP_UDP')) : undefined) ??
    svc.ports.find((x) => tgPort !== undefined && x.nodePort?.value === tgPort) ??
    svc.ports.find((x) => tgPort !== undefined && x.targetPort.value === tgPort) ??
    svc.ports.find((x) => x.port.value === listenerPort) ??
    svc.ports[0];
  if (!p) return undefined;
  return { servicePort: p, ...(p.nodePort ? { nodePort: p.nodePort } : {}), targetPort: p.targetPort.origin === 'explicit' ? p.targetPort : inferred(p.targetPort.value, 'the Service port has no targetPort; Kubernetes uses port') };
}
