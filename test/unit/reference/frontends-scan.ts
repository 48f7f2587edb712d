// The scanning linkers as they were before the link indexes (commit 7839881), kept as the oracle that
// the indexed linkers must agree with. Not used by the product.
import type { ChartDependencyFact, TargetGroupBindingFact } from '../../../server/src/core/model/kubernetes';
import type { Span } from '../../../server/src/core/text/span';
import type { Frontend } from '../../../server/src/core/model/frontend';
import type { TargetGroupModel } from '../../../server/src/core/model/nlb';
import { serviceId, type ServiceFact, type ServicePortFact } from '../../../server/src/core/model/service';
import { assumed, byDefault, inferred, type Sourced } from '../../../server/src/core/model/sourced';
import type { FileFacts } from '../../../server/src/core/model/workspace';
import { buildBackendIndex, identifyBackend } from '../../../server/src/core/link/backend';
import { buildLinkIndex } from '../../../server/src/core/link/link-index';
import { attachmentsByTargetGroup } from '../../../server/src/core/link/attached-targets';
import { targetNodeSelector } from '../../../server/src/core/link/target-nodes';

/**
 * Joins the pieces of each load balancer across files: listener -> target group -> load balancer by
 * id; target group -> Service by the Service that made it, by a TargetGroupBinding, or by the NodePort
 * an instance target group sends to.
 */
export function linkFrontends(files: readonly FileFacts[]): Frontend[] {
  const lbs = new Map(files.flatMap((f) => f.loadBalancers).map((lb) => [lb.id, lb]));
  const tgs = new Map(files.flatMap((f) => f.targetGroups).map((tg) => [tg.id, tg]));
  const services = files.flatMap((f) => f.services);
  const byId = new Map(services.map((s) => [serviceId(s), s]));
  const bindings = files.flatMap((f) => f.targetGroupBindings);
  const dependencies = files.flatMap((f) => f.chartDependencies ?? []);

  // Not joins: what a target group's attachments and a backend's node selector say, from the product's own readers.
  const attachments = attachmentsByTargetGroup(files);
  const frontends: Frontend[] = [];
  for (const listener of files.flatMap((f) => f.listeners)) {
    const lb = lbs.get(listener.loadBalancerId);
    const tg = tgs.get(listener.targetGroupId);
    if (!lb || !tg) continue;
    const backend = findBackend(tg, byId, services, bindings);
    const port = backend ? matchPort(backend.service, tg, listener.port.value) : undefined;
    const servicePort = port?.servicePort;
    const targetPort = tg.port ?? (tg.targetType.value === 'instance' ? port?.nodePort : port?.targetPort) ?? assumed(31380, 'the target group port is not known; 31380 is used as a stand-in');
    const backendPort = port?.targetPort ?? assumed(8443, 'no Service linked to this target group; backend port 8443 assumed');
    const related = [
      ...(tg.file !== lb.file || tg.head.start !== lb.head.start ? [{ span: tg.head, role: 'target group' }] : []),
      ...(backend?.binding ? [{ span: backend.binding.head, role: 'TargetGroupBinding' }] : []),
      ...(backend && backend.service.head !== lb.head ? [{ span: backend.service.head, role: `Service ${backend.service.namespace}/${backend.service.name}` }] : []),
      ...chartOf(backend?.service, dependencies),
    ];
    frontends.push({
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
      // Backend identification is not a join this oracle checks: it is made the product's way.
      backend: identifyBackend(backend?.service, buildBackendIndex(files), buildLinkIndex(files)),
      ...nodeSelectorOf(backend),
      ...(attachments.get(tg.id) ? { attached: attachments.get(tg.id)! } : {}),
      ...kubernetesEvidence(tg, backend, bindings, attachments.get(tg.id)),
      related,
    });
  }
  return frontends.sort((a, b) => (a.file === b.file ? a.head.start - b.head.start : a.file < b.file ? -1 : 1));
}

/** The same evidence as the product's, found by scanning the bindings. */
function kubernetesEvidence(tg: TargetGroupModel, backend: Backend | undefined, bindings: readonly TargetGroupBindingFact[], attached: Frontend['attached']): Pick<Frontend, 'kubernetesTargets'> {
  if (backend) {
    const svc = `Service ${backend.service.namespace}/${backend.service.name}`;
    if (backend.binding) return { kubernetesTargets: { why: `TargetGroupBinding ${backend.binding.namespace}/${backend.binding.name} binds it to ${svc}`, span: backend.binding.head } };
    if (tg.serviceId) return { kubernetesTargets: { why: `${svc} made it`, span: backend.service.head } };
    return { kubernetesTargets: { why: `${svc} has NodePort ${tg.port?.value}, the target group's port`, span: backend.service.head } };
  }
  const names = new Set([tg.name?.value, ...(tg.aliases ?? [])].filter((n): n is string => !!n));
  const binding = bindings.find((b) => (b.targetGroupName && names.has(b.targetGroupName.value)) || (b.targetGroupArn && names.has(b.targetGroupArn.value)));
  if (binding) return { kubernetesTargets: { why: `TargetGroupBinding ${binding.namespace}/${binding.name} registers its targets (its Service ${binding.serviceName} is not in the workspace)`, span: binding.head } };
  const group = attached?.find((t) => t.kind === 'node-group');
  return group ? { kubernetesTargets: { why: `node group ${group.name} is attached to it`, span: group.span } } : {};
}

function nodeSelectorOf(backend: { service: ServiceFact; binding?: TargetGroupBindingFact } | undefined): Pick<Frontend, 'nodeSelector'> {
  const selector = backend && targetNodeSelector(backend.service, backend.binding);
  return selector ? { nodeSelector: selector } : {};
}

/** Values under an umbrella chart's dependency key: the Chart.yaml entry that names that key. */
function chartOf(svc: ServiceFact | undefined, dependencies: readonly ChartDependencyFact[]): { span: Span; role: string }[] {
  if (!svc) return [];
  const folder = svc.file.slice(0, svc.file.lastIndexOf('/') + 1);
  const dep = dependencies.find((d) => d.file.startsWith(folder) && !d.file.slice(folder.length).includes('/') && (d.alias ?? d.name) === svc.name);
  return dep ? [{ span: dep.span, role: `chart dependency ${dep.name}${dep.alias ? ` (alias ${dep.alias})` : ''}${dep.repository ? ` from ${dep.repository}` : ''}` }] : [];
}

interface Backend {
  readonly service: ServiceFact;
  readonly binding?: TargetGroupBindingFact;
}

function findBackend(tg: TargetGroupModel, byId: Map<string, ServiceFact>, services: readonly ServiceFact[], bindings: readonly TargetGroupBindingFact[]): Backend | undefined {
  if (tg.serviceId) {
    const own = byId.get(tg.serviceId);
    if (own) return { service: own };
  }
  const names = new Set([tg.name?.value, ...(tg.aliases ?? [])].filter((n): n is string => !!n));
  const binding = bindings.find((b) => (b.targetGroupName && names.has(b.targetGroupName.value)) || (b.targetGroupArn && names.has(b.targetGroupArn.value)));
  if (binding) {
    const svc = services.find((s) => s.name === binding.serviceName && s.namespace === binding.namespace);
    if (svc) return { service: svc, binding };
  }
  const port = tg.port?.value;
  if (tg.targetType.value === 'instance' && port !== undefined) {
    const svc = services.find((s) => s.ports.some((p) => p.nodePort?.value === port));
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
