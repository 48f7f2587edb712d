import type { RuleExample } from './types';

/**
 * Workspaces the rule pages simulate. ISTIO_GATEWAY is examples/istio-gateway/gateway-service.yaml
 * (a test keeps the two equal): the founding write-up's Service, topology T1 by default.
 */
export const ISTIO_GATEWAY: RuleExample = {
  path: 'examples/istio-gateway/gateway-service.yaml',
  text: `# The Istio ingress gateway Service from the founding write-up: an internal NLB managed by the
# AWS Load Balancer Controller, instance targets (client IP preservation on by AWS default),
# cross-zone load balancing on, externalTrafficPolicy left at its default (Cluster).
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
    service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true
spec:
  type: LoadBalancer
  selector:
    app: istio-ingressgateway
    istio: ingressgateway
  ports:
    - name: status-port
      port: 15021
      targetPort: 15021
    - name: http2
      port: 80
      targetPort: 8080
    - name: https
      port: 443
      targetPort: 8443
      nodePort: 31380
`,
};

/** The same Service on a cluster with an overlay CNI: pods reach the NLB from their node's address (scenario S10). */
export const ISTIO_GATEWAY_OVERLAY: RuleExample = {
  ...ISTIO_GATEWAY,
  config: `cluster:
  cni: overlay   # Calico IPIP/VXLAN or Cilium with masquerading: pod egress is SNATed to the node
`,
};

/** ingress-nginx behind an NLB that sends PROXY v2 headers, with its ConfigMap not expecting them (HP104). */
export const INGRESS_NGINX_PROXY: RuleExample = {
  path: 'examples/proxy-protocol/ingress-nginx.yaml',
  text: `# ingress-nginx behind an internal NLB of the AWS Load Balancer Controller that prepends PROXY v2
# headers ("*"), while the controller's ConfigMap leaves use-proxy-protocol off.
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
    service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false
spec:
  type: LoadBalancer
  selector:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
  ports:
    - name: https
      port: 443
      targetPort: 443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          args:
            - /nginx-ingress-controller
            - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  use-proxy-protocol: "false"
`,
};
