import type { Span } from '../text/span';

export interface KeyValueItem {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

/**
 * Parses the controller's `k1=v1,k2=v2` annotation values. Whitespace around entries is trimmed,
 * because folded and multi-line values occur in the wild. `offsetOf` maps an index in the value to a
 * source offset when that mapping is exact; otherwise each item gets the whole value's span.
 */
export function parseKeyValueList(value: string, whole: Span, offsetOf?: (index: number) => number): KeyValueItem[] {
  const items: KeyValueItem[] = [];
  let index = 0;
  for (const part of value.split(',')) {
    const start = index + (part.length - part.trimStart().length);
    const trimmed = part.trim();
    index += part.length + 1;
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim();
    const val = eq < 0 ? '' : trimmed.slice(eq + 1).trim();
    const span = offsetOf ? { file: whole.file, start: offsetOf(start), end: offsetOf(start + trimmed.length) } : whole;
    items.push({ key, value: val, span });
  }
  return items;
}

export function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Annotations whose value is a `k=v` list: `…-attributes`, per-listener `…-listener-attributes.TCP-443`, per-port `…-target-group-attributes.443`. */
export function isAttributeListKey(key: string): boolean {
  return /-attributes(\.([A-Za-z_]+-)?\d+)?$/.test(key);
}
