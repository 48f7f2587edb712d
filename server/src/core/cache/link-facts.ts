import { withFixedLayout, type FileFacts } from '../model/workspace';
import { sameValue } from './same-value';

/**
 * What linking, clusters and simulation read from a file is everything but these: a file's notices
 * are its own diagnostics, suppressions are applied after the rules run, and a YAML file's text is
 * read only by the Terraform modules whose `file()`/`templatefile()` name it (the analysis cache
 * compares the texts those modules read: AnalysisCache.readsHold). Any other field (one added later
 * included) counts as link-relevant.
 */
const NOT_LINKED: ReadonlySet<string> = new Set(['file', 'notices', 'suppressions', 'text']);

/**
 * A file read again keeps the previous read's objects when what it says to linking is equal by value
 * (a comment typed, a file with no load balancer edited): only its notices and suppressions are new.
 * Everything keyed on the identity of those objects (module evaluations, joins, per-frontend entries)
 * then holds, and `sameLinkInputs` sees an unchanged workspace.
 */
export function keepLinkFacts(previous: FileFacts | undefined, next: FileFacts): FileFacts {
  if (!previous || previous === next || previous.file !== next.file || !sameLinkValue(previous, next)) return next;
  return withFixedLayout({ ...previous, notices: next.notices, suppressions: next.suppressions, text: next.text });
}

const linkFactsOf = new WeakMap<FileFacts, boolean>();

/**
 * Whether a file says anything to linking: one that does not (a `.py` script, an unrelated YAML file)
 * adds nothing to any join, so linking passes over the others only. Facts are never changed once read,
 * so the answer is kept per facts object.
 */
export function hasLinkFacts(f: FileFacts): boolean {
  let known = linkFactsOf.get(f);
  if (known === undefined) {
    known = Object.entries(f).some(([k, v]) => !NOT_LINKED.has(k) && v !== undefined && !(Array.isArray(v) && v.length === 0));
    linkFactsOf.set(f, known);
  }
  return known;
}

/**
 * Whether two workspaces give the same links: the same files in the same order (first-wins lookups
 * depend on it), each holding the same link objects. Files that kept their objects compare by identity
 * in a step, so an edit that kept them costs one comparison per file.
 */
export function sameLinkInputs(a: readonly FileFacts[], b: readonly FileFacts[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameLinkObjects(a[i]!, b[i]!)) return false;
  return true;
}

function sameLinkObjects(a: FileFacts, b: FileFacts): boolean {
  if (a === b) return true;
  if (a.file !== b.file) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of Object.keys(ra)) if (!NOT_LINKED.has(k) && ra[k] !== rb[k]) return false;
  for (const k of Object.keys(rb)) if (!NOT_LINKED.has(k) && !Object.hasOwn(ra, k) && rb[k] !== undefined) return false;
  return true;
}

function sameLinkValue(a: FileFacts, b: FileFacts): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!NOT_LINKED.has(k) && (Object.hasOwn(ra, k) !== Object.hasOwn(rb, k) || !sameValue(ra[k], rb[k]))) return false;
  return true;
}

/**
 * A workspace-wide value made from some fields of every file (the cluster from node groups and
 * workloads, the backend index from workloads and ConfigMaps), kept while those fields are equal by
 * value file by file: an edit to a Service's annotations does not rebuild them. Fields that kept their
 * objects compare by identity; only a re-read file's are compared deeply.
 */
export class FieldsMemo<T> {
  private files: readonly FileFacts[] | undefined;
  private value: T | undefined;

  constructor(private readonly fields: readonly (keyof FileFacts)[]) {}

  get(files: readonly FileFacts[], make: () => T): T {
    if (this.files === undefined || !sameFields(this.files, files, this.fields)) this.value = make();
    this.files = files;
    return this.value!;
  }
}

function sameFields(a: readonly FileFacts[], b: readonly FileFacts[], fields: readonly (keyof FileFacts)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.file !== y.file) return false;
    for (const k of fields) if (x[k] !== y[k] && !sameValue(x[k], y[k])) return false;
  }
  return true;
}
