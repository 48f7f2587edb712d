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
      // Values passed into a local module are written in the caller's file: spans go where they are written.
      const file = valuesFile(r.values) ?? r.file;
      const values = toNode(r.values, unknown, '', file);
      for (const path of unknown) facts.notices.push({ file: r.file, level: 'info', message: `${r.address}: ${path} is not known without running Terraform; the chart default is used.`, span: r.head });
      if (r.valuesFiles.length) {
        facts.notices.push({ file: r.file, level: 'info', message: `${r.address}: values files (${r.valuesFiles.map((f) => f.path).join(', ')}) are not merged yet; yamlencode() values, YAML strings and set blocks are read.`, span: r.head });
      }
      const gw = releaseFromValues(kind, values, { name: r.releaseName?.value ?? r.address, namespace: r.namespace.value, head: r.head }, file, '', facts.notices);
      facts.services.push(gw.service);
      facts.workloads.push(gw.workload);
      const lb = serviceLoadBalancer(gw.service, facts.notices);
      if (lb) {
        facts.loadBalancers.push(lb.loadBalancer);
        facts.targetGroups.push(...lb.targetGroups);
        facts.listeners.push(...lb.listeners);
      }
      out.push(facts);
    }
  }
  return out;
}

/** The file most of the values' leaves are written in (a yaml node's range has no file of its own). */
function valuesFile(v: TfValue): string | undefined {
  const counts = new Map<string, number>();
  const visit = (x: TfValue, depth: number): void => {
    if (depth > 64) return;
    if (x.kind === 'object') for (const e of x.entries) visit(e.value, depth + 1);
    else if (x.kind === 'tuple') for (const i of x.items) visit(i, depth + 1);
    else if (x.kind === 'scalar') counts.set(x.span.file, (counts.get(x.span.file) ?? 0) + 1);
  };
  visit(v, 0);
  let best: string | undefined;
  for (const [f, n] of counts) if (best === undefined || n > counts.get(best)!) best = f;
  return best;
}

/** A value's range, when it is written in `file`; a value from another file keeps no range rather than a wrong one. */
function rangeIn(span: { file: string; start: number; end: number }, file: string): [number, number, number] | undefined {
  return span.file === file ? [span.start, span.end, span.end] : undefined;
}

function toNode(v: TfValue, unknown: string[], path: string, file: string): Node | null {
  switch (v.kind) {
    case 'scalar': {
      const s = new Scalar(v.value);
      s.range = rangeIn(v.span, file);
      return s;
    }
    case 'object': {
      const map = new YAMLMap();
      map.range = rangeIn(v.span, file);
      for (const e of v.entries) {
        const key = new Scalar(e.key);
        key.range = rangeIn(e.keySpan, file);
        const value = toNode(e.value, unknown, path ? `${path}.${e.key}` : e.key, file);
        if (value !== null) map.items.push(new Pair(key, value));
      }
      return map;
    }
    case 'tuple': {
      const seq = new YAMLSeq();
      seq.range = rangeIn(v.span, file);
      v.items.forEach((item, i) => {
        const node = toNode(item, unknown, `${path}[${i}]`, file);
        if (node !== null) seq.items.push(node);
      });
      return seq;
    }
    default:
      unknown.push(path || 'values');
      return null;
  }
}
