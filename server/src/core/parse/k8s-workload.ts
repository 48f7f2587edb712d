import type { Document } from 'yaml';
import type { BackendIdentity, BackendKind } from '../model/backend';
import type { ClusterHint, ConfigMapFact, WorkloadFact } from '../model/kubernetes';
import { byDefault, explicit, inferred } from '../model/sourced';
import { span, type Span } from '../text/span';
import { kindFromImage, kindFromLabels } from './backend-identity';
import { stringMap } from './k8s-service';
import type { Notice } from '../model/workspace';
import { yamlCount } from './counts';
import { asSeq, entries, entry, entryAt, nodeSpan, scalarText, type Entry } from './yaml-ast';

/** Deployments and DaemonSets: replicas and pod labels (to size the Service's endpoints), the software they run and its proxy-protocol setting. */
export function readWorkload(doc: Document, file: string, notices: Notice[]): WorkloadFact | undefined {
  const root = doc.contents;
  const kind = scalarText(entry(root, 'kind')?.value);
  if (kind !== 'Deployment' && kind !== 'DaemonSet') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  const head = nodeSpan(file, nameEntry?.value) ?? span(file, 0, 0);
  const podMeta = entryAt(root, ['spec', 'template', 'metadata'])?.value;
  const podLabels = stringMap(entry(podMeta, 'labels')?.value);
  const name = scalarText(nameEntry?.value) ?? '(unnamed)';
  const namespace = scalarText(entry(metadata, 'namespace')?.value) ?? 'default';
  const containers = asSeq(entryAt(root, ['spec', 'template', 'spec', 'containers'])?.value)?.items ?? [];
  const software = softwareOf(containers, podLabels, `${kind} ${name}`, file, head);
  const proxyConfig = entryAt(podMeta, ['annotations', 'proxy.istio.io/config']);
  const args = containers.flatMap((c) => (asSeq(entry(c, 'args')?.value)?.items ?? []).map((a) => ({ text: scalarText(a) ?? '', span: nodeSpan(file, a as never) })));
  return {
    file,
    head,
    kind,
    name,
    namespace,
    replicas:
      kind === 'DaemonSet'
        ? inferred(0, 'a DaemonSet runs one pod per node', head)
        : yamlCount(entryAt(root, ['spec', 'replicas']), file, 'spec.replicas', 'replicas', notices, byDefault(1, 'Kubernetes: a Deployment has 1 replica unless spec.replicas says otherwise', head)),
    podLabels,
    ...(software ? { software } : {}),
    ...proxySetting(software?.kind, proxyConfig, args, file, namespace),
  };
}

/** The backend the pods run: by a container's image first, then by the labels the well-known charts set. */
function softwareOf(containers: readonly unknown[], podLabels: Record<string, string>, what: string, file: string, head: Span): BackendIdentity | undefined {
  for (const c of containers) {
    const imageNode = entry(c, 'image')?.value;
    const image = scalarText(imageNode);
    const kind = image ? kindFromImage(image) : undefined;
    if (kind) return { kind, evidence: 'workload', why: `${what} runs ${image}`, span: nodeSpan(file, imageNode as never) ?? head };
  }
  const byLabel = kindFromLabels(podLabels);
  return byLabel ? { kind: byLabel.kind, evidence: 'workload', why: `${what} has the pod label ${byLabel.label}`, span: head } : undefined;
}

/**
 * The pods' proxy-protocol setting where the workload itself says it: Istio's `proxy.istio.io/config`
 * annotation, Traefik's `--entryPoints.<name>.proxyProtocol.*` arguments; for ingress-nginx, where its
 * ConfigMap is (`--configmap=`), which link/backend.ts reads.
 */
function proxySetting(kind: BackendKind | undefined, proxyConfig: Entry | undefined, args: readonly { text: string; span?: Span }[], file: string, namespace: string): Pick<WorkloadFact, 'proxyProtocol' | 'configMapRef'> {
  if (proxyConfig) {
    const required = acceptsProxyProtocol(scalarText(proxyConfig.value) ?? '');
    return { proxyProtocol: explicit(required ? 'required' : 'rejected', nodeSpan(file, proxyConfig.value as never), 'proxy.istio.io/config gatewayTopology.proxyProtocol') };
  }
  if (kind === 'traefik') {
    const arg = args.find((a) => /^--entry[pP]oints\.[^.=]+\.proxy[pP]rotocol\.(trustedIPs|insecure)/i.test(a.text));
    return arg ? { proxyProtocol: explicit('optional', arg.span, `${arg.text.split('=')[0]}: Traefik parses a PROXY header when one comes from a trusted address`) } : {};
  }
  const cm = args.find((a) => a.text.startsWith('--configmap='));
  if (!cm) return {};
  const ref = cm.text.slice('--configmap='.length).replace(/\$\(POD_NAMESPACE\)/g, namespace);
  const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [namespace, ref];
  return name ? { configMapRef: { namespace: ns!, name, ...(cm.span ? { span: cm.span } : {}) } } : {};
}

/** `proxy.istio.io/config` is JSON or YAML text; proxy protocol is on when gatewayTopology.proxyProtocol is present. */
export function acceptsProxyProtocol(config: string): boolean {
  return /gatewayTopology[\s\S]*proxyProtocol/.test(config);
}

/** A ConfigMap's string data with spans (ingress-nginx's settings live in one). */
export function readConfigMap(doc: Document, file: string): ConfigMapFact | undefined {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'ConfigMap') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  const data = new Map<string, { value: string; span?: Span }>();
  for (const e of entries(entry(root, 'data')?.value)) {
    const value = scalarText(e.value);
    const at = nodeSpan(file, e.value as never);
    if (value !== undefined) data.set(e.key, at ? { value, span: at } : { value });
  }
  return {
    file,
    head: nodeSpan(file, nameEntry?.value) ?? span(file, 0, 0),
    name: scalarText(nameEntry?.value) ?? '(unnamed)',
    namespace: scalarText(entry(metadata, 'namespace')?.value) ?? 'default',
    labels: stringMap(entry(metadata, 'labels')?.value),
    data: Object.fromEntries(data),
  };
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
