import { byDefault } from '../../model/sourced';
import type { TfBlock, TfEntry, TfExpr, TfHelmReleaseFact, TfValue } from '../../model/terraform';
import type { Span } from '../../text/span';
import { blockSource, isDisabled, type ModuleContext } from './context';
import { asString, read, readOptional } from './fields';
import { describe, mergeValues, unknown } from './values';
import { yamlStringValue } from './yaml-values';

type Segment = { readonly key: string } | { readonly index: number };
const MAX_SEGMENTS = 64;

/**
 * `helm_release` chart values as raw facts for the Helm readers: `values = [yamlencode({...})]`, YAML
 * strings, `file()` values files and rendered `templatefile()`s merged in order, then `set` blocks on
 * top. Nothing here knows which chart is which.
 */
export function readHelmReleases(ctx: ModuleContext): void {
  for (const [address, r] of ctx.scope.resources) {
    if (r.node.labels[0]!.value !== 'helm_release' || isDisabled(ctx, r.node)) continue;
    const src = blockSource(ctx, r);
    const head = r.node.head;
    let values: TfValue = { kind: 'object', entries: [], span: head };
    const valuesFiles: ValuesFile[] = [];
    const valuesYaml: { text: string; span: Span; exactStart?: number }[] = [];
    const note = (message: string, span: Span) => ctx.facts.notices.push({ file: r.file, level: 'info', message: `${address}: ${message}`, span });

    const valuesAttr = r.node.body?.attributes.find((a) => a.name === 'values');
    const items: readonly TfExpr[] = valuesAttr ? (valuesAttr.value.kind === 'tuple' ? valuesAttr.value.items : [valuesAttr.value]) : [];
    for (const item of items) {
      const v = ctx.evaluate(item);
      // A list (`values = var.values`) is each of its entries; yamlencode({...}) is one entry.
      const entries = v.kind === 'tuple' && !v.encoded ? v.items : [v];
      for (const s of entries) values = mergeEntry(ctx, values, s, item.span, valuesYaml, valuesFiles, (m) => note(m, item.span), describe(item));
    }

    for (const set of setEntries(ctx, r.node.body?.blocks ?? [], src.get('set'))) {
      const path = set.name.kind === 'scalar' && typeof set.name.value === 'string' ? parsePath(set.name.value) : undefined;
      if (!path || path.length === 0) {
        note('a set entry has no name known before apply.', set.span);
        continue;
      }
      values = setPath(values, path, set.value, set.name.span, 0);
    }

    const releaseName = readOptional(src, 'name', asString);
    const chart = readOptional(src, 'chart', asString);
    const repository = readOptional(src, 'repository', asString);
    ctx.helmReleases.push({
      address,
      file: r.file,
      head,
      ...(releaseName ? { releaseName } : {}),
      ...(chart ? { chart } : {}),
      ...(repository ? { repository } : {}),
      namespace: read(src, 'namespace', asString, byDefault('default', 'helm provider: namespace defaults to "default"', head)),
      values,
      valuesFiles,
      valuesYaml,
    });
  }
}

/**
 * A release described by evaluated values rather than a `helm_release` block: an entry of an add-on
 * module's release map. `values` is the evaluated list (YAML strings, or yamlencode() objects) and
 * `set` the evaluated `[{ name, value }]` list.
 */
export function pushEvaluatedRelease(
  ctx: ModuleContext,
  release: { address: string; file: string; head: Span; values?: TfValue; set?: TfValue; chart?: TfValue; repository?: TfValue; name?: TfValue; namespace?: TfValue; defaultNamespace: string; defaultChart?: string },
): void {
  const note = (message: string, span: Span) => ctx.facts.notices.push({ file: release.file, level: 'info', message: `${release.address}: ${message}`, span });
  let values: TfValue = { kind: 'object', entries: [], span: release.head };
  const valuesYaml: { text: string; span: Span; exactStart?: number }[] = [];
  const valuesFiles: ValuesFile[] = [];
  const items = release.values === undefined ? [] : release.values.kind === 'tuple' && !release.values.encoded ? release.values.items : [release.values];
  for (const s of items) values = mergeEntry(ctx, values, s, release.head, valuesYaml, valuesFiles, (m) => note(m, s.kind === 'unknown' ? s.span : release.head), 'a values entry');
  for (const set of setEntries(ctx, [], release.set)) {
    const path = set.name.kind === 'scalar' && typeof set.name.value === 'string' ? parsePath(set.name.value) : undefined;
    if (!path || path.length === 0) {
      note('a set entry has no name known before apply.', set.span);
      continue;
    }
    values = setPath(values, path, set.value, set.name.span, 0);
  }
  const text = (v: TfValue | undefined): string | undefined => (v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined);
  const sourced = (v: TfValue | undefined, fallback?: string) => {
    const t = text(v);
    if (t !== undefined && v) return { value: t, origin: 'explicit' as const, span: v.span };
    return fallback !== undefined ? byDefault(fallback, `${release.address}: the add-on module's default`, release.head) : undefined;
  };
  const chart = sourced(release.chart, release.defaultChart);
  const releaseName = sourced(release.name);
  const repository = sourced(release.repository);
  ctx.helmReleases.push({
    address: release.address,
    file: release.file,
    head: release.head,
    ...(releaseName ? { releaseName } : {}),
    ...(chart ? { chart } : {}),
    ...(repository ? { repository } : {}),
    namespace: sourced(release.namespace, release.defaultNamespace)!,
    values,
    valuesFiles,
    valuesYaml,
  });
}

type ValuesFile = TfHelmReleaseFact['valuesFiles'][number];

/**
 * One entry of `values`, merged over what came before it as Helm merges values files in order: a YAML
 * string (a heredoc, a variable, `file()`: its text, read where it is written), a yamlencode() object or
 * a rendered `templatefile()`. A values file or template it came from is recorded.
 */
function mergeEntry(ctx: ModuleContext, values: TfValue, s: TfValue, at: Span, yaml: { text: string; span: Span; exactStart?: number }[], files: ValuesFile[], note: (message: string) => void, what: string): TfValue {
  if (s.kind !== 'unknown' && s.kind !== 'ref' && !TERRAFORM_FILE.test(s.span.file) && !files.some((f) => f.path === s.span.file)) {
    const text = ctx.files.read(s.span.file);
    if (text !== undefined) files.push({ path: s.span.file, span: at, text });
  }
  if (s.kind === 'scalar' && typeof s.value === 'string') {
    yaml.push({ text: s.value, span: s.span, ...(s.exactStart !== undefined ? { exactStart: s.exactStart } : {}) });
    return mergeYaml(values, s.value, s.span, s.exactStart, note);
  }
  if (s.kind === 'object' && s.encoded) return mergeValues(values, s);
  note(`values entry ${what} is not read${s.kind === 'unknown' ? `: ${s.why}` : ''}.`);
  return values;
}

const TERRAFORM_FILE = /\.(tf|tfvars)$/i;

/** A values string merged over what came before it, as Helm merges its values files in order. */
function mergeYaml(values: TfValue, text: string, at: Span, exactStart: number | undefined, note: (message: string) => void): TfValue {
  const { value, problem } = yamlStringValue(text, at, exactStart);
  if (problem) note(`a values string is not read: ${problem}.`);
  return value ? mergeValues(values, value) : values;
}

interface SetEntry {
  readonly name: TfValue;
  readonly value: TfValue;
  readonly span: Span;
}

/** `set { name, value }` / `set_sensitive { … }` blocks, and the `set = [{ name, value }]` list of provider v3. */
function setEntries(ctx: ModuleContext, blocks: readonly TfBlock[], list: TfValue | undefined): SetEntry[] {
  const out: SetEntry[] = [];
  for (const b of blocks) {
    if (b.type !== 'set' && b.type !== 'set_sensitive') continue;
    const get = (n: string) => b.body?.attributes.find((a) => a.name === n)?.value;
    const name = get('name');
    const value = get('value');
    out.push({ name: name ? ctx.evaluate(name) : unknown('no name', b.span), value: value ? ctx.evaluate(value) : unknown('no value', b.span), span: b.span });
  }
  for (const item of list?.kind === 'tuple' ? list.items : []) {
    if (item.kind !== 'object') continue;
    const get = (n: string) => item.entries.find((e) => e.key === n)?.value;
    out.push({ name: get('name') ?? unknown('no name', item.span), value: get('value') ?? unknown('no value', item.span), span: item.span });
  }
  return out;
}

/** Helm's --set path: dots separate keys unless escaped (`a\.b`), `[n]` indexes a list. */
export function parsePath(name: string): Segment[] | undefined {
  const out: Segment[] = [];
  let key = '';
  let hasKey = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) {
      key += name[++i];
      hasKey = true;
    } else if (c === '.') {
      if (hasKey) out.push({ key });
      key = '';
      hasKey = false;
    } else if (c === '[') {
      const close = name.indexOf(']', i);
      const n = close > i ? name.slice(i + 1, close) : '';
      if (!/^\d+$/.test(n)) return undefined;
      if (hasKey) out.push({ key });
      out.push({ index: Number(n) });
      key = '';
      hasKey = false;
      i = close;
    } else {
      key += c;
      hasKey = true;
    }
    if (out.length > MAX_SEGMENTS) return undefined;
  }
  if (hasKey) out.push({ key });
  return out;
}

function setPath(base: TfValue, path: readonly Segment[], value: TfValue, keySpan: Span, depth: number): TfValue {
  const [first, ...rest] = path;
  if (!first || depth > MAX_SEGMENTS) return value;
  if ('key' in first) {
    const entries: TfEntry[] = base.kind === 'object' ? [...base.entries] : [];
    const i = entries.findIndex((e) => e.key === first.key);
    const child = setPath(i >= 0 ? entries[i]!.value : { kind: 'object', entries: [], span: keySpan }, rest, value, keySpan, depth + 1);
    // A key the values already had keeps its span, unless this set replaces its value outright.
    const entry = { key: first.key, keySpan: i >= 0 && rest.length > 0 ? entries[i]!.keySpan : keySpan, value: child };
    if (i >= 0) entries[i] = entry;
    else entries.push(entry);
    return { kind: 'object', entries, span: base.kind === 'object' ? base.span : keySpan };
  }
  const items: TfValue[] = base.kind === 'tuple' ? [...base.items] : [];
  if (first.index > 1000) return base;
  while (items.length <= first.index) items.push(unknown('not set', keySpan, true));
  items[first.index] = setPath(items[first.index]!, rest, value, keySpan, depth + 1);
  return { kind: 'tuple', items, span: base.kind === 'tuple' ? base.span : keySpan };
}
