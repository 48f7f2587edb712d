import type { Document } from 'yaml';
import type { ClusterHint, WorkloadFact } from '../model/kubernetes';
import { byDefault, explicit, inferred } from '../model/sourced';
import { span } from '../text/span';
import { stringMap } from './k8s-service';
import { asSeq, entry, entryAt, nodeSpan, scalarNumber, scalarText } from './yaml-ast';

/** Deployments and DaemonSets: replicas and pod labels (to size the Service's endpoints), proxy-protocol support. */
export function readWorkload(doc: Document, file: string): WorkloadFact | undefined {
  const root = doc.contents;
  const kind = scalarText(entry(root, 'kind')?.value);
  if (kind !== 'Deployment' && kind !== 'DaemonSet') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  const head = nodeSpan(file, nameEntry?.value) ?? span(file, 0, 0);
  const replicasEntry = entryAt(root, ['spec', 'replicas']);
  const replicas = scalarNumber(replicasEntry?.value);
  const podMeta = entryAt(root, ['spec', 'template', 'metadata'])?.value;
  const proxyConfig = entryAt(podMeta, ['annotations', 'proxy.istio.io/config']);
  const accepts = proxyConfig ? acceptsProxyProtocol(scalarText(proxyConfig.value) ?? '') : undefined;
  return {
    file,
    head,
    kind,
    name: scalarText(nameEntry?.value) ?? '(unnamed)',
    namespace: scalarText(entry(metadata, 'namespace')?.value) ?? 'default',
    replicas:
      kind === 'DaemonSet'
        ? inferred(0, 'a DaemonSet runs one pod per node', head)
        : replicas !== undefined
          ? explicit(replicas, nodeSpan(file, replicasEntry?.value as never))
          : byDefault(1, 'Kubernetes: a Deployment has 1 replica unless spec.replicas says otherwise', head),
    podLabels: stringMap(entry(podMeta, 'labels')?.value),
    ...(accepts !== undefined ? { acceptsProxyProtocol: explicit(accepts, nodeSpan(file, proxyConfig!.value as never), 'proxy.istio.io/config gatewayTopology.proxyProtocol') } : {}),
  };
}

/** `proxy.istio.io/config` is JSON or YAML text; proxy protocol is on when gatewayTopology.proxyProtocol is present. */
export function acceptsProxyProtocol(config: string): boolean {
  return /gatewayTopology[\s\S]*proxyProtocol/.test(config);
}

/** The CNI a cluster runs, from its DaemonSets: aws-node (VPC CNI, and its external SNAT setting), calico-node or cilium (overlay). */
export function readCniHint(doc: Document, file: string): ClusterHint | undefined {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'DaemonSet') return undefined;
  const nameNode = entryAt(root, ['metadata', 'name'])?.value;
  const name = scalarText(nameNode);
  const at = nodeSpan(file, nameNode as never);
  if (name === 'calico-node' || name === 'cilium') {
    return { kind: 'cni', file, cni: inferred('overlay', `the ${name} DaemonSet (assumes its encapsulation and masquerading defaults)`, at) };
  }
  if (name !== 'aws-node') return undefined;
  const containers = asSeq(entryAt(root, ['spec', 'template', 'spec', 'containers'])?.value)?.items ?? [];
  let externalSnat: ReturnType<typeof explicit<boolean>> | undefined;
  for (const c of containers) {
    for (const env of asSeq(entry(c, 'env')?.value)?.items ?? []) {
      if (scalarText(entry(env, 'name')?.value) !== 'AWS_VPC_K8S_CNI_EXTERNALSNAT') continue;
      const value = entry(env, 'value')?.value;
      externalSnat = explicit(scalarText(value) === 'true', nodeSpan(file, value as never));
    }
  }
  return { kind: 'cni', file, cni: inferred('aws-vpc-cni', 'the aws-node DaemonSet (AWS VPC CNI)', at), ...(externalSnat ? { externalSnat } : {}) };
}
