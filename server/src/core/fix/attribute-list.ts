import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { TextEdit } from './types';
import { isMap, isScalar, isSeq, pairOf, renderString, type YamlFile } from './yaml-edit';
import { appendToSeq, fillSeqProperty, insertSeqProperty, type SeqItem } from './yaml-seq-edit';

/**
 * Appends `{Key, Value}` entries (CloudFormation) or `{key, value}` entries (the controller's Gateway API
 * configurations) to the attribute list `list` of `map`, adding the list when it is missing. New
 * entries copy their siblings' quoting (the values are strings).
 */
export function appendAttributes(y: YamlFile, map: YAMLMap, list: string, items: readonly [string, string][], names: readonly [string, string]): TextEdit | string {
  const [K, V] = names;
  const seq = pairOf(map, list)?.value;
  const siblings = isSeq(seq) ? (seq.items as Node[]).filter(isMap) : [];
  const style = (k: string) => {
    const p = siblings.map((m) => (m.items as Pair<Node, Node | null>[]).find((x) => isScalar(x.key) && x.key.value === k)?.value).find(isScalar);
    return p?.type;
  };
  for (const [key] of items) {
    if (siblings.some((m) => isScalar(pairOf(m, K)?.value) && (pairOf(m, K)!.value as Scalar).value === key)) {
      return `${list} already has a ${key} entry whose value Hairpin could not read; set it to the value it needs there.`;
    }
  }
  const rendered: SeqItem[] = items.map(([k, v]) => [
    [K, renderString(k, style(K), y.json)],
    [V, renderString(v, style(V), y.json)],
  ]);
  if (isSeq(seq)) return appendToSeq(y, seq, rendered) ?? `${list} could not be extended.`;
  const pair = pairOf(map, list);
  // `TargetGroupAttributes:` written with no value (or `null`, `~`): the list goes under the key.
  if (pair && (pair.value === null || (isScalar(pair.value) && pair.value.value === null))) return fillSeqProperty(y, pair, rendered) ?? `${list} could not be filled.`;
  if (seq !== undefined && seq !== null) return `${list} is not a plain list here (a condition or a reference); add the entries where it is built.`;
  return insertSeqProperty(y, map, list, rendered) ?? `${list} could not be added.`;
}
