// backendWorkload before the workload index (commit 7839881): the oracle for link-index.test.ts.
import type { WorkloadFact } from '../../../server/src/core/model/kubernetes';
import type { Frontend } from '../../../server/src/core/model/frontend';
import { serviceId } from '../../../server/src/core/model/service';

export function backendWorkloadScan(frontend: Frontend, workloads: readonly WorkloadFact[]): WorkloadFact | undefined {
  const svc = frontend.service;
  if (!svc) return undefined;
  const id = serviceId(svc);
  const together = workloads.find((w) => w.serviceId === id);
  if (together) return together;
  const selector = Object.entries(svc.selector ?? {});
  if (selector.length === 0) return undefined;
  return workloads.find((w) => !w.serviceId && w.namespace === svc.namespace && selector.every(([k, v]) => w.podLabels[k] === v));
}
