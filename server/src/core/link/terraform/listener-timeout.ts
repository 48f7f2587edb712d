import { NLB_IDLE_TIMEOUT_SECONDS, TCP_IDLE_DEFAULT_WHY } from '../../model/aws-defaults';
import { byDefault } from '../../model/sourced';
import type { TfListenerFact } from '../../model/terraform';
import { listenerIdleTimeout } from '../../parse/listener-idle-timeout';
import { asNumber, asString, read, type FieldSource } from './fields';

/** FACTS §2: TCP listeners idle out after 350 s unless `tcp_idle_timeout_seconds` says otherwise; TLS is fixed at 350 s. */
export function readListenerTimeout(src: FieldSource, address: string, listenerIds: readonly string[]): TfListenerFact {
  const protocol = read(src, 'protocol', (raw) => asString(raw)?.toUpperCase(), {
    value: 'TCP',
    origin: 'assumed',
    why: 'the listener protocol is not written; assuming TCP',
    span: src.head,
  });
  const written = read(src, 'tcp_idle_timeout_seconds', asNumber, byDefault(NLB_IDLE_TIMEOUT_SECONDS, TCP_IDLE_DEFAULT_WHY, src.head));
  const idleTimeoutSeconds = listenerIdleTimeout(protocol, written, src.head, src.notices) ?? byDefault(NLB_IDLE_TIMEOUT_SECONDS, TCP_IDLE_DEFAULT_WHY, src.head);
  return { listenerIds, address, file: src.file, head: src.head, protocol, idleTimeoutSeconds };
}
