import type { BackendIdentity, ProxyProtocolExpectation } from '../../model/backend';
import type { WorkloadFact } from '../../model/kubernetes';
import { serviceId, type ServiceFact } from '../../model/service';
import { byDefault, inferred, type Sourced } from '../../model/sourced';
import type { Span } from '../../text/span';
import type { Notice } from '../../model/workspace';
import { yamlCount } from '../counts';
import { type Entry, nodeSpan, scalarText } from '../yaml-ast';

export interface ChartRelease {
  readonly service: ServiceFact;
  readonly workload: WorkloadFact;
}

/** What a chart's values say about the pods it runs: Deployment or DaemonSet, replicas, software, proxy setting. */
export interface ChartWorkloadParts {
  readonly chart: string;
  readonly kindEntry?: Entry | undefined;
  readonly replicasEntry?: Entry | undefined;
  readonly software: BackendIdentity;
  readonly proxyProtocol?: Sourced<ProxyProtocolExpectation> | undefined;
  readonly idleTimeoutSeconds?: Sourced<number> | undefined;
}

/** The workload a chart creates next to the Service it also describes (so no selector is needed to join them). */
export function chartWorkload(service: ServiceFact, head: Span, p: ChartWorkloadParts, notices: Notice[]): WorkloadFact {
  const file = service.file;
  const kindText = scalarText(p.kindEntry?.value);
  const kind = kindText === 'DaemonSet' ? 'DaemonSet' : 'Deployment';
  const kindSpan = nodeSpan(file, p.kindEntry?.value as never);
  const replicas =
    kind === 'DaemonSet'
      ? inferred(0, `${p.chart} chart: kind DaemonSet runs one pod per node`, kindSpan ?? head)
      : yamlCount(p.replicasEntry, file, `${p.chart} chart ${p.replicasEntry?.key ?? 'replicas'}`, 'replicas', notices, byDefault(1, `${p.chart} chart: one replica unless the values say otherwise`, head));
  return {
    file,
    head: kind === 'DaemonSet' && kindSpan ? kindSpan : head,
    kind,
    name: service.name,
    namespace: service.namespace,
    replicas,
    podLabels: {},
    serviceId: serviceId(service),
    software: p.software,
    ...(p.proxyProtocol ? { proxyProtocol: p.proxyProtocol } : {}),
    ...(p.idleTimeoutSeconds ? { idleTimeoutSeconds: p.idleTimeoutSeconds } : {}),
  };
}
