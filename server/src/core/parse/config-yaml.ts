import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';

/** Clean-up of a parsed `.hairpin.yaml` before it is read, and how its messages name values. */

export type ErrorFn = (message: string, node?: unknown) => void;

/**
 * Puts each alias's node where the alias is (`zones: *zones`), so values shared by anchors read as
 * if written there. One walk in document order with its own anchor table (an alias names the latest
 * anchor before it), never descending into a node an alias shares: an alias bomb costs its size in
 * the file, not its expansion.
 */
export function resolveAliases(doc: Document): void {
  const anchors = new Map<string, unknown>();
  const stack: unknown[] = [doc.contents];
  const resolved = (n: unknown) => (isAlias(n) ? (anchors.get(n.source) ?? n) : n);
  while (stack.length > 0) {
    const node = stack.pop();
    const anchor = (node as { anchor?: unknown } | null)?.anchor;
    if (typeof anchor === 'string') anchors.set(anchor, node);
    const children: unknown[] = [];
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (isAlias(item)) node.items[i] = resolved(item);
        else children.push(item);
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        children.push(pair.key);
        if (isAlias(pair.value)) pair.value = resolved(pair.value);
        else children.push(pair.value);
      }
    }
    // Reversed onto the stack, so the next pop is the first child: document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/**
 * Reports and drops, in every mapping, each key that cannot name anything (empty, null, a list or a
 * mapping: `"": [n1]`, `~: 2`, `? [a]`) and each repeated key (a zone or node named twice; the first one
 * wins), so that what is read afterwards sees only usable names.
 */
export function dropUnusableKeys(root: unknown, error: ErrorFn): void {
  const stack: unknown[] = [root];
  // Aliases are resolved: a node may be reached many times, and is checked once.
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    if (isSeq(node)) stack.push(...node.items);
    if (!isMap(node)) continue;
    const keys = new Set<string>();
    node.items = node.items.filter((pair) => {
      const value = isScalar(pair.key) ? pair.key.value : undefined;
      const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      stack.push(pair.value);
      if (key === undefined || key === '') {
        error(`a key must be a non-empty name, not ${key === '' ? 'an empty string' : isScalar(pair.key) || pair.key == null ? 'null' : isSeq(pair.key) ? 'a list' : 'a mapping'}; this entry is ignored`, pair.key ?? pair.value);
        return false;
      }
      if (!keys.has(key)) {
        keys.add(key);
        return true;
      }
      error(`"${key}" is given more than once in the same mapping; the first one applies`, pair.key);
      return false;
    });
  }
}
