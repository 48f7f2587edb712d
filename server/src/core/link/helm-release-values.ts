import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { TfValue } from '../model/terraform';
import { emptyFacts, type FileFacts } from '../model/workspace';
import { kindFromChartName } from '../parse/backend-identity';
import { releaseFromValues } from '../parse/chart-values';
import { serviceLoadBalancer } from '../parse/lbc-service';
import { setNodeOrigin } from '../parse/yaml-ast';

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
      // Values come from the .tf, a caller's file, values files: each node's span goes where it is written,
      // and the Service is named after the file most of them are in.
      const file = valuesFile(r.values) ?? r.file;
      const texts = new Map(r.valuesFiles.map((v) => [v.path, v.text]));
      const values = toNode(r.values, unknown, '', texts);
      for (const path of unknown) facts.notices.push({ file: r.file, level: 'info', message: `${r.address}: ${path} is not known without running Terraform; the chart default is used.`, span: r.head });
      const gw = releaseFromValues(kind, values, { name: r.releaseName?.value ?? r.address, namespace: r.namespace.value, head: r.head }, file, texts.get(file) ?? '', facts.notices);
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

/**
 * A values file or template that a `helm_release` of a chart Hairpin reads takes its values from is that
 * release's values, not something of its own: what it says alone (a chart-values Service, a YAML error
 * in a template) is left out. Its suppression comments stay, for findings that point into it. Values of
 * other charts are still read by their shape, as if Terraform did not name them.
 */
export function withoutReleaseValues(files: readonly FileFacts[], modules: readonly FileFacts[]): readonly FileFacts[] {
  const used = new Set<string>();
  for (const m of modules) {
    for (const r of m.terraform?.kind === 'module' ? m.terraform.helmReleases : []) if (kindFromChartName(r.chart?.value ?? '')) for (const v of r.valuesFiles) used.add(v.path);
  }
  if (used.size === 0) return files;
  return files.map((f) => {
    if (!used.has(f.file)) return f;
    let bare = BARE.get(f);
    if (!bare) BARE.set(f, (bare = { ...emptyFacts(f.file), ...(f.suppressions ? { suppressions: f.suppressions } : {}), ...(f.text !== undefined ? { text: f.text } : {}) }));
    return bare;
  });
}

/** The same file read the same way stays the same object, so what is keyed on facts' identity keeps. */
const BARE = new WeakMap<FileFacts, FileFacts>();

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

/** A node with its value's range, in the file the value is written in (with that file's text when it is a values file). */
function placed<T extends Node>(node: T, at: { file: string; start: number; end: number }, texts: ReadonlyMap<string, string>): T {
  node.range = [at.start, at.end, at.end];
  return setNodeOrigin(node, at.file, texts.get(at.file));
}

function toNode(v: TfValue, unknown: string[], path: string, texts: ReadonlyMap<string, string>): Node | null {
  switch (v.kind) {
    case 'scalar':
      return placed(new Scalar(v.value), v.span, texts);
    case 'object': {
      const map = placed(new YAMLMap(), v.span, texts);
      for (const e of v.entries) {
        const key = placed(new Scalar(e.key), e.keySpan, texts);
        const value = toNode(e.value, unknown, path ? `${path}.${e.key}` : e.key, texts);
        if (value !== null) map.items.push(new Pair(key, value));
      }
      return map;
    }
    case 'tuple': {
      const seq = placed(new YAMLSeq(), v.span, texts);
      v.items.forEach((item, i) => {
        const node = toNode(item, unknown, `${path}[${i}]`, texts);
        if (node !== null) seq.items.push(node);
      });
      return seq;
    }
    default:
      unknown.push(path || 'values');
      return null;
  }
}
