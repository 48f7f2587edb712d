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
