import { LBC_SERVICE_ANNOTATIONS } from './doc-references';
import { ISTIO_GATEWAY } from './doc-examples';
import { BACKEND_NAMES, type BackendSoftware } from '../model/backend';
import type { Sourced } from '../model/sourced';
import { listenerIdleTimeout } from '../simulate/from-frontend';
import type { MitigationId } from '../simulate/mitigations';
import { sameSpan } from '../text/span';
import { frontendRelated } from './related';
import type { FindingDraft, FrontendAnalysis, RankedMitigation, RelatedLocation, Rule } from './types';

/** The changes that close the window: the backend closes first, or the NLB keeps the flow longer. */
const IDLE_FIXES: readonly MitigationId[] = ['lower-backend-idle-timeout', 'raise-listener-idle-timeout'];

export const hp105: Rule = {
  meta: {
    id: 'HP105',
    name: 'idle-timeout',
    shortDescription: 'The NLB drops idle flows before the backend closes idle connections, so a pooled connection reused in between is reset',
    description:
      'An NLB forgets a TCP flow after the listener’s idle timeout (350 s by default, 60–6000 s with tcp.idle_timeout.seconds, ' +
      'fixed at 350 s on TLS listeners) without telling either side. A backend that keeps idle client connections longer (Envoy, and ' +
      'so Istio’s gateway, for 1 hour by default) leaves clients with pooled connections that look open. The first request on such a ' +
      'connection reaches the NLB, which has no flow for it and answers with an RST: the request fails with ECONNRESET. It is ' +
      'intermittent, since it hits only connections that sat idle between the two timeouts. A TCP keepalive shorter than the NLB’s ' +
      'timeout keeps the flow alive. Hairpin knows the backend from its workload, chart values, or the labels of the well-known charts; ' +
      'when it cannot, it says so as an assumption instead of reporting.',
    remediation: [
      'Lower the backend’s idle timeout below the NLB’s, so the backend closes idle connections first: ingress-nginx `keep-alive` (ConfigMap, or chart values `controller.config.keep-alive`); Istio’s gateway through an EnvoyFilter setting `common_http_protocol_options.idle_timeout`.',
      'Or send TCP keepalive on those connections more often than the NLB’s timeout (on the backend’s or the clients’ sockets).',
      'Or raise the listener’s idle timeout above the backend’s (TCP listeners only, up to 6000 s): the annotation `service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-<port>: tcp.idle_timeout.seconds=<n>`, Terraform `tcp_idle_timeout_seconds` on `aws_lb_listener` (or the alb module’s listeners), CloudFormation `ListenerAttributes`, CDK `tcpIdleTimeout`.',
    ],
    docs: 'docs/rules/HP105.md',
    fixedSeverity: 'warning',
    decidedBy: [
      'Hairpin takes the listener’s idle timeout (written, or AWS’s default for its protocol), identifies the backend behind the Service',
      'and reads how long it keeps idle client connections (written, or the software’s documented default) and any TCP keepalive it sends.',
      'When the backend’s timeout is longer and no keepalive shorter than the NLB’s is configured, it simulates a pooled connection reused',
      'after the NLB dropped its flow: the NLB answers with an RST. With the backend unknown, it reports an assumption, not a finding.',
    ].join('\n'),
    packetStory: [
      'A client (often a connection pool: an Envoy sidecar, an HTTP client library) opens a connection through the NLB, sends requests, and keeps the connection open for reuse.',
      'The connection sits idle. Nothing crosses the NLB, and neither side sends a TCP keepalive shorter than the NLB’s idle timeout.',
      'After the listener’s idle timeout (350 s by default) the NLB silently forgets the flow: no FIN, no RST to either side. Both ends still see an established connection.',
      'The backend would keep the idle connection longer (Envoy, and so Istio’s gateway: 3600 s by default), so it does not close it first.',
      'The client reuses the pooled connection: its next segment reaches an NLB node that has no flow for it. A non-SYN segment on an unknown flow is answered with RST.',
      'The client’s request fails with ECONNRESET (an Envoy caller: "upstream connect error or disconnect/reset before headers… connection reset"); a retry on a new connection succeeds, which makes it look intermittent.',
    ],
    probability:
      'This is not a per-handshake probability: every pooled connection that sits idle for longer than the NLB’s timeout and shorter than the backend’s is reset on its next use. ' +
      'Hairpin compares the two timeouts (each written or a documented default, with its source), checks for a TCP keepalive shorter than the NLB’s timeout on the backend’s side, and simulates the reuse after the NLB dropped the flow: the trace ends in the NLB’s RST. ' +
      'The finding states both numbers and the window between them; its severity is fixed at warning, since only connections that sit idle in that window fail.',
    tradeOffs: [
      'The backend closes idle client connections sooner, so clients open new connections (and TLS handshakes) more often; keep the new timeout a little under the NLB’s.',
      'Keepalive probes cost a packet per connection per interval; they must be enabled on a side that owns the sockets (the backend’s listener or the clients).',
      'Only for TCP listeners (TLS listeners stay at 350 s), and the NLB then holds idle flows longer, which counts against its flow capacity.',
    ],
    suppressionExample: `metadata:
  # hairpin-ignore HP105 clients close pooled connections after 300 s
  name: istio-ingressgateway
`,
    references: [
      { title: 'AWS: Network Load Balancer listener attributes, TCP idle timeout (`tcp.idle_timeout.seconds`: 350 s by default, 60–6000 s; fixed for TLS listeners)' },
      { title: 'istio/istio#16572 (an external client reusing a keep-alive connection after 360 s idle gets ECONNRESET)', url: 'https://github.com/istio/istio/issues/16572' },
      LBC_SERVICE_ANNOTATIONS,
    ],
    example: ISTIO_GATEWAY,
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const idle = a.simulation.idle;
    if (!idle?.resetOnReuse) return [];
    const f = a.frontend;
    const b = f.backend;
    const nlb = listenerIdleTimeout(f)!;
    const backend = b.idleTimeoutSeconds!;
    const name = BACKEND_NAMES[b.kind];
    const message =
      `The NLB drops an idle flow after ${idle.nlbSeconds} s (${nlbLabel(nlb)}); ${who(f.service?.name, b)} keeps idle connections for ${idle.backendSeconds} s (${backendLabel(backend, b)}), ` +
      `and no TCP keepalive shorter than ${idle.nlbSeconds} s is configured. A pooled client connection idle between ${idle.nlbSeconds} s and ${idle.backendSeconds} s is reset by the NLB on reuse.`;
    const primary = nlb.origin === 'explicit' && nlb.span ? nlb.span : backend.origin === 'explicit' && backend.span ? backend.span : f.head;
    const related: RelatedLocation[] = [];
    if (backend.span && !sameSpan(backend.span, primary)) related.push({ span: backend.span, message: `${name} keeps idle connections for ${backend.value} s (${backend.origin})` });
    if (b.span && !sameSpan(b.span, primary) && !(backend.span && sameSpan(b.span, backend.span))) related.push({ span: b.span, message: `the backend is ${name}: ${b.why}` });
    if (nlb.span && !sameSpan(nlb.span, primary)) related.push({ span: nlb.span, message: `NLB idle timeout ${nlb.value} s (${nlb.origin})` });
    related.push(...frontendRelated(f));
    return [
      {
        message,
        span: primary,
        related,
        probability: 1,
        probabilityExact: '1',
        idleWindow: { fromSeconds: idle.nlbSeconds, toSeconds: idle.backendSeconds },
        mode: 'idle-timeout',
        ...(a.simulation.idleTrace ? { traceRef: { frontendId: f.id, client: clientOf(a), mode: 'idle-timeout' as const } } : {}),
        mitigations: rankIdleFixes(a),
      },
    ];
  },
};

function clientOf(a: FrontendAnalysis) {
  return a.simulation.scenario.scheme === 'internet-facing' ? ('internet' as const) : ('vpc' as const);
}

function nlbLabel(s: Sourced<number>): string {
  if (s.origin === 'explicit') return 'written';
  if (s.origin === 'assumed') return `assumed: ${s.why ?? ''}`;
  return /TLS/.test(s.why ?? '') ? 'fixed for TLS listeners' : 'default';
}

function backendLabel(s: Sourced<number>, b: BackendSoftware): string {
  if (s.origin === 'explicit') return `written${s.why ? `: ${s.why}` : ''}`;
  const software = b.kind === 'istio-gateway' ? 'Envoy default' : b.kind === 'ingress-nginx' ? 'nginx default' : 'default';
  return s.origin === 'default' ? software : `${s.origin}${s.why ? `: ${s.why}` : ''}`;
}

/** "istio-ingressgateway (the Istio gateway, identified by its workload: …)": which backend, and how Hairpin knows. */
function who(service: string | undefined, b: BackendSoftware): string {
  const how = b.evidence === 'labels' ? `known by its labels only: ${b.why}` : b.evidence === 'chart' ? `from ${b.why}` : `identified by its workload: ${b.why}`;
  return `${service ?? 'the backend'} (${BACKEND_NAMES[b.kind]}, ${how})`;
}

/** The what-ifs that close the window, in the remediation's order; the rest of the simulation does not rank them. */
function rankIdleFixes(a: FrontendAnalysis): RankedMitigation[] {
  return IDLE_FIXES.flatMap((id) => {
    const w = a.whatIfs.find((x) => x.mitigation.id === id);
    if (!w || w.result.idle?.resetOnReuse !== false) return [];
    return [
      {
        id,
        title: w.mitigation.title,
        failureAfter: 0,
        failureBeforeExact: '1',
        failureAfterExact: '0',
        collisionBefore: a.simulation.collision.probability,
        collisionAfter: w.result.collision.probability,
      },
    ];
  });
}
