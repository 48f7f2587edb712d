/**
 * Generated workspace files whose Service names, namespaces, NodePorts, pod labels and TargetGroupBinding
 * targets collide on purpose: first-wins lookups, bindings and label selection all have several candidates.
 */
/** Services, Deployments and bindings whose names, namespaces, NodePorts and labels collide on purpose. */
export function collidingFile(i: number, ns: number, name: number, nodePort: number, label: number, replicas: number): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: svc-${name}`,
    `  namespace: ns${ns}`,
    '  annotations:',
    '    service.beta.kubernetes.io/aws-load-balancer-type: external',
    `    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ${i % 2 ? 'instance' : 'ip'}`,
    'spec:',
    '  type: LoadBalancer',
    '  selector:',
    `    app: a${label}`,
    '  ports:',
    `    - port: 443`,
    `      targetPort: 8443`,
    `      nodePort: ${30000 + nodePort}`,
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: d${i}`,
    `  namespace: ns${ns}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: a${label}`,
    '---',
    'apiVersion: elbv2.k8s.aws/v1beta1',
    'kind: TargetGroupBinding',
    'metadata:',
    `  name: b${i}`,
    `  namespace: ns${ns}`,
    'spec:',
    `  serviceRef: {name: svc-${name}, port: 443}`,
    `  targetGroupName: tg-${label}`,
    '',
  ].join('\n');
}

