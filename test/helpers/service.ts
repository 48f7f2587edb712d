import type { SourceFile } from '../../server/src/core/model/workspace';

/** A LoadBalancer Service with these annotations (values written as double-quoted YAML strings). */
export function service(annotations: Record<string, string>, ports = '    - {name: https, port: 443, targetPort: 8443}', name = 'gw'): SourceFile {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k.includes('/') ? k : `service.beta.kubernetes.io/${k}`}: ${JSON.stringify(v)}`);
  return {
    path: `${name}.yaml`,
    text: ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, '  namespace: edge', '  annotations:', ...lines, 'spec:', '  type: LoadBalancer', '  selector: {app: gw}', '  ports:', ports, ''].join('\n'),
  };
}

