import type { Frontend } from '../model/frontend';
import { withTree, type SyntaxNode } from '../parse/tree-sitter';
import type { Span } from '../text/span';
import { currentValue, type Change } from './changes';
import { endOfLine, indentOfLine, newlineOf } from './text-layout';
import type { TextEdit, TextOf } from './types';

type Language = 'typescript' | 'python';

/** The construct prop that writes a change, in each language's spelling. */
function propOf(c: Change, lang: Language): { name: string; value: string } | undefined {
  const bool = (v: boolean) => (lang === 'python' ? (v ? 'True' : 'False') : String(v));
  const name = (camel: string, snake: string) => (lang === 'python' ? snake : camel);
  switch (c.setting) {
    case 'preserve-off':
      return { name: name('preserveClientIp', 'preserve_client_ip'), value: bool(false) };
    case 'proxy-on':
      return { name: name('proxyProtocolV2', 'proxy_protocol_v2'), value: bool(true) };
    case 'proxy-off':
      return { name: name('proxyProtocolV2', 'proxy_protocol_v2'), value: bool(false) };
    case 'cross-zone-off':
      return { name: name('crossZoneEnabled', 'cross_zone_enabled'), value: bool(false) };
    default:
      return undefined;
  }
}

/**
 * CDK (TypeScript and Python): a written literal prop is replaced (`true` → `false`, `True` → `False`,
 * `TargetType.INSTANCE` → `TargetType.IP`); an unwritten one is added to the construct's props object
 * or keyword arguments, after the last one, with its indentation and trailing-comma habit. A value
 * from a variable, a constructor prop or the environment gets no edit and is named instead.
 */
export function cdkEdits(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const edits: TextEdit[] = [];
  const inserts = new Map<Span, string[]>();
  for (const c of changes) {
    const holder = c.on === 'lb' ? f.loadBalancer : f.targetGroup;
    const lang: Language = holder.file.toLowerCase().endsWith('.py') ? 'python' : 'typescript';
    const text = textOf(holder.file);
    if (text === undefined) return `The text of ${holder.file} is not available.`;
    const current = currentValue(c, f);
    if (c.setting === 'ip-targets') {
      const span = current.span;
      const raw = span ? text.slice(span.start, span.end) : '';
      if (current.origin === 'explicit' && span && /(^|\.)TargetType\.INSTANCE$/.test(raw)) {
        edits.push({ file: span.file, start: span.end - 'INSTANCE'.length, end: span.end, newText: 'IP' });
        continue;
      }
      return current.origin === 'inferred'
        ? `The target type follows the targets (${raw || 'instance targets'}): register pods with IpTarget instead.`
        : 'No targetType is written on this target group: set targetType to TargetType.IP and register pods with IpTarget.';
    }
    if (c.setting === 'listener-idle-timeout') {
      // Written as Duration.seconds(n): the number is replaced in place; an unwritten one is named, since the Duration import varies.
      const span = current.span;
      const raw = span && current.origin === 'explicit' ? text.slice(span.start, span.end) : '';
      const m = /^(.*\bDuration\.seconds\(\s*)(\d+)(\s*\))$/s.exec(raw);
      if (span && m) {
        const start = span.start + m[1]!.length;
        edits.push({ file: span.file, start, end: start + m[2]!.length, newText: String(c.seconds) });
        continue;
      }
      return `Set ${lang === 'python' ? 'tcp_idle_timeout' : 'tcpIdleTimeout'}: Duration.seconds(${c.seconds}) on the listener.`;
    }
    const prop = propOf(c, lang);
    if (!prop) return `${c.setting} is not a construct prop.`;
    if (current.origin !== 'default') {
      const span = current.span;
      const raw = span ? text.slice(span.start, span.end) : '';
      if (span && /^(true|false|True|False)$/.test(raw)) {
        if (raw !== prop.value) edits.push({ file: span.file, start: span.start, end: span.end, newText: prop.value });
        continue;
      }
      // `setAttribute('preserve_client_ip.enabled', 'true')` takes the attribute's string form.
      const quoted = /^(['"])(true|false)\1$/.exec(raw);
      if (span && quoted) {
        const word = prop.value.toLowerCase();
        if (quoted[2] !== word) edits.push({ file: span.file, start: span.start + 1, end: span.end - 1, newText: word });
        continue;
      }
      return `${prop.name} is set by \`${raw || 'an expression'}\`${current.why ? ` (${current.why})` : ''}: set it to ${prop.value} where that value comes from.`;
    }
    const key = [...inserts.keys()].find((s) => s.file === holder.head.file && s.start === holder.head.start) ?? holder.head;
    inserts.set(key, [...(inserts.get(key) ?? []), lang === 'python' ? `${prop.name}=${prop.value}` : `${prop.name}: ${prop.value}`]);
  }
  for (const [head, props] of inserts) {
    const lang: Language = head.file.toLowerCase().endsWith('.py') ? 'python' : 'typescript';
    const text = textOf(head.file)!;
    const e = withTree(lang, text, (root) => insertProps(root, text, head, props, lang));
    if (!e) return `The props of the construct at ${head.file} could not be found (no props object after its id, or the grammar is not loaded).`;
    edits.push(e);
  }
  return edits;
}

/** The construct's props: the object after its id argument (TypeScript), or its argument list (Python keywords). */
function insertProps(root: SyntaxNode, text: string, head: Span, props: readonly string[], lang: Language): TextEdit | undefined {
  let id: SyntaxNode | null = root.descendantForIndex(head.start, Math.max(head.start, head.end - 1));
  while (id && !(id.startIndex === head.start && id.endIndex === head.end)) id = id.parent;
  const args = id?.parent;
  if (!id || !args || (args.type !== 'arguments' && args.type !== 'argument_list')) return undefined;
  if (lang === 'typescript') {
    const after = args.namedChildren.filter((n): n is SyntaxNode => n !== null && n.startIndex >= id.endIndex);
    const object = after.find((n) => n.type === 'object');
    if (!object) return undefined;
    const entries = object.namedChildren.filter((n): n is SyntaxNode => n !== null && n.type !== 'comment');
    return insertAfter(head.file, text, object, entries, props);
  }
  const entries = args.namedChildren.filter((n): n is SyntaxNode => n !== null && n.type !== 'comment');
  return insertAfter(head.file, text, args, entries, props);
}

/** After the last entry: one per line at its indentation when the list is multi-line, keeping a trailing comma if it has one. */
function insertAfter(file: string, text: string, container: SyntaxNode, entries: readonly SyntaxNode[], props: readonly string[]): TextEdit | undefined {
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  const nl = newlineOf(text);
  const multiline = text.slice(container.startIndex, last.startIndex).includes('\n');
  const rest = text.slice(last.endIndex, container.endIndex);
  const trailingComma = /^\s*,/.test(rest);
  if (!multiline) return { file, start: last.endIndex, end: last.endIndex, newText: props.map((p) => `, ${p}`).join('') };
  const indent = indentOfLine(text, last.startIndex);
  const anchor = trailingComma ? last.endIndex + rest.indexOf(',') + 1 : last.endIndex;
  // A comment after the last entry (`port: 443, // why`) stays on that entry's line: the new lines go after it.
  const lineEnd = endOfLine(text, anchor);
  const tail = text.slice(anchor, lineEnd);
  const commented = /^\s*(\/\/|\/\*|#)/.test(tail) && lineEnd < container.endIndex;
  const at = commented ? lineEnd : anchor;
  if (trailingComma) return { file, start: at, end: at, newText: props.map((p) => `${nl}${indent}${p},`).join('') };
  const added = props.map((p) => `${nl}${indent}${p}`).join(',');
  return commented ? { file, start: anchor, end: lineEnd, newText: `,${tail}${added}` } : { file, start: anchor, end: anchor, newText: `,${added}` };
}
