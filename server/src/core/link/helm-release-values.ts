import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { TfValue } from '../model/terraform';
import { emptyFacts, type FileFacts } from '../model/workspace';
import { kindFromChartName } from '../parse/backend-identity';
import { releaseFromValues } from '../parse/chart-values';
import { serviceLoadBalancer } from '../parse/lbc-service';

/**
 * `helm_release` resources of the charts Hairpin reads (istio/gateway, ingress-nginx, traefik: known by
 * the release's `chart` name), each read with its chart-values reader. Terraform's
 * values are turned into `yaml` nodes whose ranges point into the .tf file, so every value keeps its span.
 */
export function helmReleaseFacts(files: readonly FileFacts[]): FileFacts[] {
  const out: FileFacts[] = [];
  for (const f of files) {
    const releases = f.terraform?.kind === 'module' ? f.terraform.helmReleases : [];
    for (const r of releases) {
      const kind = kindFromChartName(r.chart?.value ?? '');
      if (!kind) continue;
      const facts = emptyFacts(r.file);
      const unknown: string[] = [];
      const values = toNode(r.values, unknown, '');
      for (const path of unknown) facts.notices.push({ file: r.file, level: 'info', message: `${r.address}: ${path} is not known without running Terraform; the chart default is used.`, span: r.head });
      if (r.valuesFiles.length || r.valuesYaml.length) {
        facts.notices.push({ file: r.file, level: 'info', message: `${r.address}: values from files and YAML strings are not merged yet; only yamlencode() values and set blocks are read.`, span: r.head });
      }
      const gw = releaseFromValues(kind, values, { name: r.releaseName?.value ?? r.address, namespace: r.namespace.value, head: r.head }, r.file, '', facts.notices);
      facts.services.push(gw.service);
      facts.workloads.push(gw.workload);
      const lb = serviceLoadBalancer(gw.service, facts.notices);
      if (lb) {
        facts.loadBalancers.push(lb.loadBalancer);
        facts.targetGroups.push(lb.targetGroup);
        facts.listeners.push(lb.listener);
      }
      out.push(facts);
    }
  }
  return out;
}

function toNode(v: TfValue, unknown: string[], path: string): Node | null {
  switch (v.kind) {
    case 'scalar': {
      const s = new Scalar(v.value);
      s.range = [v.span.start, v.span.end, v.span.end];
      return s;
    }
    case 'object': {
      const map = new YAMLMap();
      map.range = [v.span.start, v.span.end, v.span.end];
      for (const e of v.entries) {
        const key = new Scalar(e.key);
        key.range = [e.keySpan.start, e.keySpan.end, e.keySpan.end];
        const value = toNode(e.value, unknown, path ? `${path}.${e.key}` : e.key);
        if (value !== null) map.items.push(new Pair(key, value));
      }
      return map;
    }
    case 'tuple': {
      const seq = new YAMLSeq();
      seq.range = [v.span.start, v.span.end, v.span.end];
      v.items.forEach((item, i) => {
        const node = toNode(item, unknown, `${path}[${i}]`);
        if (node !== null) seq.items.push(node);
      });
      return seq;
    }
    default:
      unknown.push(path || 'values');
      return null;
  }
}
