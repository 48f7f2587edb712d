import { byDefault } from '../../model/sourced';
import type { TfListenerFact } from '../../model/terraform';
import { asNumber, asString, read, type FieldSource } from './fields';

/** FACTS §2: TCP listeners idle out after 350 s unless `tcp.idle_timeout.seconds` says otherwise; TLS is fixed at 350 s. */
export function readListenerTimeout(src: FieldSource, address: string, listenerIds: readonly string[]): TfListenerFact {
  const protocol = read(src, 'protocol', (raw) => asString(raw)?.toUpperCase(), {
    value: 'TCP',
    origin: 'assumed',
    why: 'the listener protocol is not written; assuming TCP',
    span: src.head,
  });
  const idleTimeoutSeconds =
    protocol.value === 'TLS'
      ? byDefault(350, 'AWS: TLS listeners have a fixed 350 s idle timeout', src.get('tcp_idle_timeout_seconds') ? protocol.span : src.head)
      : read(src, 'tcp_idle_timeout_seconds', asNumber, byDefault(350, 'AWS: a TCP listener times idle flows out after 350 s by default (tcp.idle_timeout.seconds)', src.head));
  return { listenerIds, address, file: src.file, head: src.head, protocol, idleTimeoutSeconds };
}
