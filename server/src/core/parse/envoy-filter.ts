import type { Document } from 'yaml';
import type { EnvoyFilterFact } from '../model/kubernetes';
import { explicit, type Sourced } from '../model/sourced';
import type { Span } from '../text/span';
import { asMap, asSeq, entries, entry, entryAt, nodeSpan, scalarNumber, scalarText } from './yaml-ast';

/** Linux socket option numbers Envoy's `socket_options` take: SOL_SOCKET/SO_KEEPALIVE, IPPROTO_TCP/TCP_KEEPIDLE. */
const SOL_SOCKET = 1;
const SO_KEEPALIVE = 9;
const IPPROTO_TCP = 6;
const TCP_KEEPIDLE = 4;

/**
 * An Istio `EnvoyFilter` that sets what HP105 needs on the gateway's client side: the HTTP connection
 * manager's `common_http_protocol_options.idle_timeout` (Envoy's downstream idle timeout), and listener
 * `socket_options` turning TCP keepalive on with an idle time (SO_KEEPALIVE and TCP_KEEPIDLE).
 */
export function readEnvoyFilter(doc: Document, file: string): EnvoyFilterFact | undefined {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'EnvoyFilter') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  const spec = entry(root, 'spec')?.value;
  const labels = new Map<string, string>();
  for (const e of entries(entryAt(spec, ['workloadSelector', 'labels'])?.value)) {
    const v = scalarText(e.value);
    if (v !== undefined) labels.set(e.key, v);
  }
  let idle: Sourced<number> | undefined;
  let keepalive: Sourced<number> | undefined;
  for (const patch of asSeq(entry(spec, 'configPatches')?.value)?.items ?? []) {
    const value = entryAt(patch, ['patch', 'value'])?.value;
    walk(value, (key, node) => {
      if (key === 'common_http_protocol_options') {
        const t = entry(node, 'idle_timeout');
        const seconds = parseDuration(scalarText(t?.value));
        if (t && seconds !== undefined) idle = explicit(seconds, nodeSpan(file, t.value as never), `EnvoyFilter ${scalarText(nameEntry?.value) ?? ''} common_http_protocol_options.idle_timeout`);
      }
      if (key === 'socket_options') keepalive = keepaliveOf(node, file) ?? keepalive;
    });
  }
  return {
    file,
    head: nodeSpan(file, nameEntry?.value) ?? { file, start: 0, end: 0 },
    name: scalarText(nameEntry?.value) ?? '(unnamed)',
    namespace: scalarText(entry(metadata, 'namespace')?.value) ?? 'default',
    ...(labels.size > 0 ? { selector: Object.fromEntries(labels) } : {}),
    ...(idle ? { idleTimeoutSeconds: idle } : {}),
    ...(keepalive ? { tcpKeepaliveSeconds: keepalive } : {}),
  };
}

function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (asMap(node)) {
    for (const e of entries(node)) {
      visit(e.key, e.value);
      walk(e.value, visit);
    }
  } else if (asSeq(node)) {
    for (const item of asSeq(node)!.items) walk(item, visit);
  }
}

/** SO_KEEPALIVE on and TCP_KEEPIDLE set: the idle seconds before the first probe. */
function keepaliveOf(node: unknown, file: string): Sourced<number> | undefined {
  const options = (asSeq(node)?.items ?? []).map((o) => ({ level: scalarNumber(entry(o, 'level')?.value), name: scalarNumber(entry(o, 'name')?.value), value: entry(o, 'int_value') }));
  const on = options.some((o) => o.level === SOL_SOCKET && o.name === SO_KEEPALIVE && scalarNumber(o.value?.value) === 1);
  const idle = options.find((o) => o.level === IPPROTO_TCP && o.name === TCP_KEEPIDLE);
  const seconds = scalarNumber(idle?.value?.value);
  if (!on || seconds === undefined) return undefined;
  const at: Span | undefined = nodeSpan(file, idle!.value!.value as never);
  return explicit(seconds, at, 'EnvoyFilter socket_options SO_KEEPALIVE with TCP_KEEPIDLE');
}

/** Protobuf JSON durations as Istio writes them: `300s`, `1.5s`; also `5m`, `1h`. */
export function parseDuration(raw: string | undefined): number | undefined {
  const m = raw?.trim().match(/^(\d+(?:\.\d+)?)(s|m|h)$/);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h']);
}
