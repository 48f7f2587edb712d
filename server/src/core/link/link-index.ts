import type { ChartDependencyFact, TargetGroupBindingFact, WorkloadFact } from '../model/kubernetes';
import type { LoadBalancerModel, TargetGroupModel } from '../model/nlb';
import { serviceId, type ServiceFact } from '../model/service';
import type { FileFacts } from '../model/workspace';
import type { Lookup } from './read-log';

/**
 * Lookups that join a frontend to its pieces, built in one linear pass over the facts so that linking
 * is a lookup per frontend, never a scan of the workspace. Each index keeps the semantics of the scan
 * it replaces: `new Map(entries)` let the last id win, `find` the first match, and so do these.
 */
export interface LinkIndex {
  readonly loadBalancers: Lookup<string, LoadBalancerModel>;
  readonly targetGroups: Lookup<string, TargetGroupModel>;
  /** By serviceId; the last Service with an id wins (as `new Map` did). */
  readonly servicesById: Lookup<string, ServiceFact>;
  /** `namespace/name` -> the first Service of that name. */
  readonly servicesByName: Lookup<string, ServiceFact>;
  /** NodePort -> the first Service that has a port with it. */
  readonly servicesByNodePort: Lookup<number, ServiceFact>;
  /** Target group name or ARN -> the first TargetGroupBinding naming it, with its position in the workspace. */
  readonly bindingsByTarget: Lookup<string, PlacedBinding>;
  /** `folder\0key` (key = alias or name) -> the first chart dependency declared directly in that folder. */
  readonly chartDependencies: Lookup<string, ChartDependencyFact>;
}

/** The index as built: maps (linking reads them through `Lookup`s, link/read-log.ts). */
export type BuiltLinkIndex = { readonly [K in keyof LinkIndex]: LinkIndex[K] extends Lookup<infer A, infer B> ? ReadonlyMap<A, B> : LinkIndex[K] };

export interface PlacedBinding {
  readonly at: number;
  readonly binding: TargetGroupBindingFact;
}

export function buildLinkIndex(files: readonly FileFacts[]): BuiltLinkIndex {
  const loadBalancers = new Map<string, LoadBalancerModel>();
  const targetGroups = new Map<string, TargetGroupModel>();
  const servicesById = new Map<string, ServiceFact>();
  const servicesByName = new Map<string, ServiceFact>();
  const servicesByNodePort = new Map<number, ServiceFact>();
  const bindingsByTarget = new Map<string, PlacedBinding>();
  let at = 0;
  const chartDependencies = new Map<string, ChartDependencyFact>();
  for (const f of files) {
    for (const lb of f.loadBalancers) loadBalancers.set(lb.id, lb);
    for (const tg of f.targetGroups) targetGroups.set(tg.id, tg);
    for (const s of f.services) {
      servicesById.set(serviceId(s), s);
      setFirst(servicesByName, `${s.namespace}/${s.name}`, s);
      for (const p of s.ports) if (p.nodePort) setFirst(servicesByNodePort, p.nodePort.value, s);
    }
    for (const b of f.targetGroupBindings) {
      const placed = { at: at++, binding: b };
      if (b.targetGroupName) setFirst(bindingsByTarget, b.targetGroupName.value, placed);
      if (b.targetGroupArn) setFirst(bindingsByTarget, b.targetGroupArn.value, placed);
    }
    for (const d of f.chartDependencies ?? []) setFirst(chartDependencies, `${folderOf(d.file)}\0${d.alias ?? d.name}`, d);
  }
  return { loadBalancers, targetGroups, servicesById, servicesByName, servicesByNodePort, bindingsByTarget, chartDependencies };
}

/** The first binding (in workspace order) that names any of the target group's names or ARNs. */
export function bindingFor(index: LinkIndex, names: Iterable<string>): TargetGroupBindingFact | undefined {
  let first: PlacedBinding | undefined;
  for (const n of names) {
    const placed = index.bindingsByTarget.get(n);
    if (placed && (!first || placed.at < first.at)) first = placed;
  }
  return first?.binding;
}

/** The chart dependency that configures this Service: same folder, keyed by the Service's name. */
export function chartDependencyFor(index: LinkIndex, svc: ServiceFact): ChartDependencyFact | undefined {
  return index.chartDependencies.get(`${folderOf(svc.file)}\0${svc.name}`);
}

/**
 * Workloads by what a Service can find them by: the Service declared with them, or one of their pod
 * labels within a namespace. Lists keep workspace order, so the first match is the one a scan found.
 */
export interface WorkloadIndex {
  readonly byServiceId: Lookup<string, WorkloadFact>;
  readonly byLabel: Lookup<string, readonly WorkloadFact[]>;
}

export type BuiltWorkloadIndex = { readonly byServiceId: ReadonlyMap<string, WorkloadFact>; readonly byLabel: ReadonlyMap<string, readonly WorkloadFact[]> };

export function buildWorkloadIndex(workloads: readonly WorkloadFact[]): BuiltWorkloadIndex {
  const byServiceId = new Map<string, WorkloadFact>();
  const byLabel = new Map<string, WorkloadFact[]>();
  for (const w of workloads) {
    if (w.serviceId) {
      setFirst(byServiceId, w.serviceId, w);
      continue;
    }
    for (const [k, v] of Object.entries(w.podLabels)) {
      const key = labelKey(w.namespace, k, v);
      const list = byLabel.get(key);
      if (list) list.push(w);
      else byLabel.set(key, [w]);
    }
  }
  return { byServiceId, byLabel };
}

/** The first workload without its own Service whose pod labels match every selector entry. */
export function selectedWorkload(index: WorkloadIndex, namespace: string, selector: readonly (readonly [string, string])[]): WorkloadFact | undefined {
  const [k, v] = selector[0]!;
  const candidates = index.byLabel.get(labelKey(namespace, k, v)) ?? [];
  return candidates.find((w) => selector.every(([sk, sv]) => Object.hasOwn(w.podLabels, sk) && w.podLabels[sk] === sv));
}

function labelKey(namespace: string, k: string, v: string): string {
  return `${namespace}\0${k}\0${v}`;
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

function setFirst<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}
