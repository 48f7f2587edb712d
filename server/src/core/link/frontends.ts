import type { Frontend } from '../model/frontend';
import type { ServiceFact } from '../model/service';
import { byDefault } from '../model/sourced';
import type { FileFacts } from '../model/workspace';

/** Joins listener -> target group -> load balancer, and the load balancer to the Service that defines it. */
export function linkFrontends(files: readonly FileFacts[]): Frontend[] {
  const lbs = new Map(files.flatMap((f) => f.loadBalancers).map((lb) => [lb.id, lb]));
  const tgs = new Map(files.flatMap((f) => f.targetGroups).map((tg) => [tg.id, tg]));
  const services = new Map<string, ServiceFact>();
  for (const f of files) for (const s of f.services) services.set(`${s.file}#Service/${s.namespace}/${s.name}`, s);

  const frontends: Frontend[] = [];
  for (const listener of files.flatMap((f) => f.listeners)) {
    const lb = lbs.get(listener.loadBalancerId);
    const tg = tgs.get(listener.targetGroupId);
    if (!lb || !tg) continue;
    const service = services.get(lb.id);
    frontends.push({
      id: listener.id,
      name: lb.name,
      file: lb.file,
      head: lb.head,
      loadBalancer: lb,
      targetGroup: tg,
      listener,
      ...(service ? { service } : {}),
      trafficPolicy: service?.externalTrafficPolicy ?? byDefault('Cluster', 'no Service linked; Kubernetes default', lb.head),
    });
  }
  return frontends.sort((a, b) => (a.file === b.file ? a.head.start - b.head.start : a.file < b.file ? -1 : 1));
}
