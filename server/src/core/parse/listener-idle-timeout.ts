import { IDLE_TIMEOUT_ATTRIBUTE, IDLE_TIMEOUT_MAX_SECONDS, IDLE_TIMEOUT_MIN_SECONDS, idleTimeoutDefault, NLB_IDLE_TIMEOUT_SECONDS, TLS_IDLE_FIXED_WHY } from '../model/aws-defaults';
import { byDefault, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import type { Span } from '../text/span';

/**
 * A listener's effective idle timeout from what is written (any format): a TLS listener's is fixed, so a
 * written value there is diagnosed as not applying; a value outside 60–6000 s is one AWS rejects, so it is
 * diagnosed and the default is used. Undefined for listeners without one (UDP).
 */
export function listenerIdleTimeout(protocol: Sourced<string>, written: Sourced<number> | undefined, head: Span, notices: Notice[]): Sourced<number> | undefined {
  const fallback = idleTimeoutDefault(protocol.value, written?.span ?? head);
  const isWritten = written !== undefined && written.origin !== 'default';
  if (!isWritten) return fallback ? { ...fallback, span: head } : undefined;
  const at = written.span ?? head;
  if (protocol.value.toUpperCase() === 'TLS') {
    notices.push({
      file: at.file,
      level: 'warning',
      message: `${IDLE_TIMEOUT_ATTRIBUTE} = ${written.value} does not apply: this listener is TLS, and a TLS listener's idle timeout is fixed at ${NLB_IDLE_TIMEOUT_SECONDS} s. Remove it, or use a TCP listener to change the timeout.`,
      span: at,
    });
    return byDefault(NLB_IDLE_TIMEOUT_SECONDS, `${TLS_IDLE_FIXED_WHY}; the written ${written.value} s does not apply`, at);
  }
  if (!fallback) {
    notices.push({ file: at.file, level: 'warning', message: `${IDLE_TIMEOUT_ATTRIBUTE} applies to TCP listeners only; this listener is ${protocol.value}.`, span: at });
    return undefined;
  }
  if (written.value < IDLE_TIMEOUT_MIN_SECONDS || written.value > IDLE_TIMEOUT_MAX_SECONDS) {
    notices.push({
      file: at.file,
      level: 'error',
      message: `${IDLE_TIMEOUT_ATTRIBUTE} = ${written.value} is outside ${IDLE_TIMEOUT_MIN_SECONDS}–${IDLE_TIMEOUT_MAX_SECONDS} s: AWS rejects it. Hairpin uses the default ${NLB_IDLE_TIMEOUT_SECONDS} s meanwhile.`,
      span: at,
    });
    return { value: NLB_IDLE_TIMEOUT_SECONDS, origin: 'assumed', why: `the written ${written.value} s is outside ${IDLE_TIMEOUT_MIN_SECONDS}–${IDLE_TIMEOUT_MAX_SECONDS}; assuming the default`, span: at };
  }
  return written;
}
