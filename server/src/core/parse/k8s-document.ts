import type { Document } from 'yaml';
import type { ServiceFact } from '../model/service';
import type { FileFacts } from '../model/workspace';
import { emptyGatewayApi, readGatewayApiDocument, type GatewayApiAccumulator } from './gateway-api';
import { readChartValues } from './chart-values';
import { readIstioOperator } from './istio-operator';
import { readService } from './k8s-service';
import { readTargetGroupBinding } from './k8s-target-group-binding';
import { readCniHint, readConfigMap, readWorkload } from './k8s-workload';
import { readEnvoyFilter } from './envoy-filter';
import { serviceLoadBalancer } from './lbc-service';

/** Reads one YAML document of a Kubernetes or Istio shape into `facts`. */
export function readKubernetesDocument(doc: Document, file: string, text: string, facts: FileFacts): void {
  const addService = (svc: ServiceFact) => {
    facts.services.push(svc);
    const lb = serviceLoadBalancer(svc, facts.notices);
    if (lb) {
      facts.loadBalancers.push(lb.loadBalancer);
      facts.targetGroups.push(...lb.targetGroups);
      facts.listeners.push(...lb.listeners);
    }
  };
  const svc = readService(doc, file, text, facts.notices);
  if (svc) return addService(svc);
  const gatewayApi = (facts.gatewayApi as GatewayApiAccumulator | undefined) ?? emptyGatewayApi();
  if (readGatewayApiDocument(doc, file, text, gatewayApi, facts.notices, addService)) {
    facts.gatewayApi = gatewayApi;
    return;
  }
  const binding = readTargetGroupBinding(doc, file);
  if (binding) {
    facts.targetGroupBindings.push(binding);
    return;
  }
  const workload = readWorkload(doc, file, facts.notices);
  if (workload) {
    facts.workloads.push(workload);
    const cni = readCniHint(doc, file);
    if (cni) facts.clusterHints.push(cni);
    return;
  }
  const envoyFilter = readEnvoyFilter(doc, file);
  if (envoyFilter) {
    facts.envoyFilters = [...(facts.envoyFilters ?? []), envoyFilter];
    return;
  }
  const configMap = readConfigMap(doc, file);
  if (configMap) {
    facts.configMaps = [...(facts.configMaps ?? []), configMap];
    return;
  }
  for (const gw of [...readIstioOperator(doc, file, text, facts.notices), ...readChartValues(doc, file, text, facts.notices)]) {
    addService(gw.service);
    facts.workloads.push(gw.workload);
  }
}
