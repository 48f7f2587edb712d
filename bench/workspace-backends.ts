/**
 * The Kubernetes backends of the bench workspace (workspace-gen.ts): a workload of unknown software,
 * ingress-nginx with its ConfigMap, and the Istio ingress gateway, so HP104 and HP105 meet both kinds of
 * backend they know. Every Deployment is labelled `app: <name>`, the selector of its NLB Service.
 */
import type { Shape } from './workspace-gen';

export function deploymentYaml(name: string, ns: string, replicas: number, proxyAware: boolean): string {
  return workloadYaml(name, ns, replicas, { proxyAware, container: containerYaml(name, `registry.example.com/${name}:1.${replicas}.0`, ['ports:', '  - containerPort: 8080']) });
}

/** The Istio ingress gateway (Envoy) behind the Service `name`; `proxyAware`: its pods expect PROXY headers. */
export function istioGatewayYaml(name: string, ns: string, replicas: number, proxyAware: boolean): string {
  return workloadYaml(name, ns, replicas, { proxyAware, container: containerYaml('istio-proxy', 'docker.io/istio/proxyv2:1.24.2', ['ports:', '  - containerPort: 8443']) });
}

/**
 * An ingress-nginx controller behind the Service `name` (selector `app: name`) and its ConfigMap:
 * `useProxyProtocol` undefined leaves `use-proxy-protocol` unwritten (off); `keepAlive` is its `keep-alive`
 * (nginx's default 75 s when unwritten).
 */
export function ingressNginxYaml(name: string, ns: string, replicas: number, useProxyProtocol: boolean | undefined, keepAlive?: number): string {
  const data = [`  allow-snippet-annotations: "false"`];
  if (useProxyProtocol !== undefined) data.push(`  use-proxy-protocol: "${useProxyProtocol}"`);
  if (keepAlive !== undefined) data.push(`  keep-alive: "${keepAlive}"`);
  const container = containerYaml('controller', 'registry.k8s.io/ingress-nginx/controller:v1.11.2', ['args:', '  - /nginx-ingress-controller', `  - --configmap=$(POD_NAMESPACE)/${name}-controller`]);
  return `${workloadYaml(name, ns, replicas, { labels: ['app.kubernetes.io/name: ingress-nginx', 'app.kubernetes.io/component: controller'], container })}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-controller
  namespace: ${ns}
data:
${data.join('\n')}
`;
}

/** The Kubernetes backend of NLB `i`: its Deployment file, taking turns over the three kinds of software. */
export function backendYaml(name: string, ns: string, s: Shape, i: number): string {
  const turn = Math.floor(i / 3);
  switch (i % 3) {
    case 1:
      return ingressNginxYaml(name, ns, s.replicas, [undefined, true, false][turn % 3], [undefined, undefined, 400, 300][turn % 4]);
    case 2:
      // Expects the header mostly where the NLB sends it; now and then the reverse mismatch.
      return istioGatewayYaml(name, ns, s.replicas, s.proxy ? turn % 2 === 0 : turn % 5 === 4);
    default:
      return deploymentYaml(name, ns, s.replicas, s.proxy && i % 2 === 0);
  }
}

/** One container entry of a pod template, with `body` lines (ports, args) under it. */
function containerYaml(name: string, image: string, body: readonly string[]): string {
  return [`        - name: ${name}`, `          image: ${image}`, ...body.map((l) => `          ${l}`)].join('\n');
}

/**
 * A Deployment whose pods are labelled `app: name` (plus `labels`) and run `container`; `proxyAware`: its
 * pods expect PROXY headers (Istio's `proxy.istio.io/config` annotation).
 */
function workloadYaml(name: string, ns: string, replicas: number, o: { readonly proxyAware?: boolean; readonly labels?: readonly string[]; readonly container: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
${(o.labels ?? []).map((l) => `        ${l}\n`).join('')}${o.proxyAware ? `      annotations:\n        proxy.istio.io/config: '{"gatewayTopology":{"proxyProtocol":{}}}'\n` : ''}    spec:
      containers:
${o.container}
`;
}
