import { explicit, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import type { Span } from '../text/span';

/**
 * ingress-nginx's `keep-alive` (ConfigMap key or chart `controller.config`): seconds a client connection
 * may stay idle (nginx `keepalive_timeout`); `0` turns client keep-alive off. nginx also takes a unit
 * suffix (`75s`, `2m`). An unreadable value is diagnosed and left to the default.
 */
export function nginxKeepAlive(raw: string | undefined, span: Span | undefined, where: string, notices: Notice[]): Sourced<number> | undefined {
  const m = raw?.trim().match(/^(\d+)\s*(s|m|h)?$/i);
  if (!m) {
    if (span) notices.push({ file: span.file, level: 'warning', message: `${where}: "${raw ?? ''}" is not a number of seconds; using the ingress-nginx default (75 s).`, span });
    return undefined;
  }
  const unit = { s: 1, m: 60, h: 3600 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return explicit(Number(m[1]) * unit, span, where);
}
