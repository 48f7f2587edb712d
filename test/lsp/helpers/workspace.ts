/** Generated workspaces on disk for the language server tests: Services with distinct shapes, filler files. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** An internal NLB Service (instance targets, preservation on by default): HP101 for in-cluster callers. */
export function nlbService(name: string, opts: { namespace?: string; app?: string; nodePort?: number; crossZone?: boolean } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${opts.namespace ?? 'default'}`,
    '  annotations:',
    '    service.beta.kubernetes.io/aws-load-balancer-type: external',
    '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance',
    '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal',
    `    service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=${opts.crossZone ?? true}`,
    'spec:',
    '  type: LoadBalancer',
    '  selector:',
    `    app: ${opts.app ?? name}`,
    '  ports:',
    '    - port: 443',
    '      targetPort: 8443',
    `      nodePort: ${opts.nodePort ?? 31380}`,
    '',
  ].join('\n');
}

export function deployment(name: string, app: string, replicas: number, namespace = 'default'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n`;
}

export function configMap(i: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: value-${i}\n`;
}

/** A temporary folder with these files (relative path -> text); returns its path and a URI maker. */
export function workspace(files: Record<string, string>): { dir: string; root: string; uri: (relative: string) => string; write: (relative: string, text: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-ws-'));
  const write = (relative: string, text: string) => {
    mkdirSync(dirname(join(dir, relative)), { recursive: true });
    writeFileSync(join(dir, relative), text);
  };
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return { dir, root: pathToFileURL(dir).href, uri: (relative) => pathToFileURL(join(dir, relative)).href, write };
}

/** `count` filler files spread over folders, for a workspace that takes a while to index. */
export function fillers(count: number, folders = 50): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`filler/d${i % folders}/cm-${i}.yaml`] = configMap(i);
  return out;
}
