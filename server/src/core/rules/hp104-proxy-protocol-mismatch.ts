import { AWS_TARGET_GROUP_ATTRIBUTES, LBC_SERVICE_ANNOTATIONS } from './doc-references';
import { INGRESS_NGINX_PROXY } from './doc-examples';
import { BACKEND_NAMES } from '../model/backend';
import { describeOrigin, type Sourced } from '../model/sourced';
import { Fraction } from '../simulate/fraction';
import type { MitigationId } from '../simulate/mitigations';
import { inWords } from '../simulate/probability-text';
import { sameSpan } from '../text/span';
import { worstFor } from './clients';
import { rankMitigations } from './rank-mitigations';
import { simulatedDraft } from './simulated-draft';
import { frontendRelated } from './related';
import type { FindingDraft, FrontendAnalysis, RelatedLocation, Rule } from './types';

/** Where a value came from, saying what was written when it was. */
function origin(s: Sourced<unknown>): string {
  return s.origin === 'explicit' ? (s.why ? `written: ${s.why}` : 'written') : describeOrigin(s);
}

/** The changes that make the two sides agree; calling the Service directly only hides the NLB from some callers. */
const PROXY_FIXES: ReadonlySet<MitigationId> = new Set(['disable-proxy-protocol', 'enable-proxy-protocol', 'backend-proxy-protocol']);

export const hp104: Rule = {
  meta: {
    id: 'HP104',
    name: 'proxy-protocol-mismatch',
    shortDescription: 'The NLB sends a PROXY v2 header the backend does not expect, or the backend waits for one the NLB does not send',
    description:
      'With proxy protocol v2 on, the NLB prepends a PROXY header (the client address) to every connection, health checks included. ' +
      'A backend that does not expect it reads the header as a broken TLS or HTTP request; a backend that expects one reads the ' +
      'client’s first bytes as a broken header. Either way the handshake completes and the backend then resets the connection, so ' +
      'every connection fails. Hairpin knows the backend from its workload in the workspace (the image or pod labels of the Deployment ' +
      'or DaemonSet the Service selects), from chart values, or from the labels the well-known charts put on the Service; when none of ' +
      'these is there it says so instead of reporting.',
    remediation: [
      'Make both sides agree. To keep the client address, configure the backend to expect the header: ingress-nginx `use-proxy-protocol: "true"` (ConfigMap or `controller.config`), Istio `gatewayTopology.proxyProtocol: {}` (the `proxy.istio.io/config` pod annotation or meshConfig `defaultConfig`), Traefik `ports.<entry point>.proxyProtocol.trustedIPs`.',
      'Otherwise turn proxy protocol off on the NLB: remove `aws-load-balancer-proxy-protocol: "*"` (it wins over the target-group attribute) and `proxy_protocol_v2.enabled=true`; in Terraform `proxy_protocol_v2 = false`, in CloudFormation the `proxy_protocol_v2.enabled` target-group attribute, in CDK `proxyProtocolV2: false`.',
      'A backend that expects the header also rejects callers that reach it without the NLB (in-cluster callers of the Service’s ClusterIP).',
    ],
    docs: 'docs/rules/HP104.md',
    decidedBy: [
      'Hairpin identifies the backend behind the Service and reads its proxy-protocol setting (written, or the software’s documented default),',
      'then simulates the handshake and the client’s first bytes through the NLB: the NLB prepends its header, and the backend’s listener reads',
      'them as it is configured to. A backend that cannot read them resets the connection; the finding reports the share of connections that',
      'end that way. With the backend unknown, the NLB’s setting is reported as an assumption, not a finding.',
    ].join('\n'),
    packetStory: [
      'The client sends its SYN to the NLB; the NLB picks a target and the TCP handshake completes normally (SYN, SYN-ACK, ACK): a port check or a TCP health check alone looks healthy.',
      'With proxy protocol v2 on, the NLB writes a binary PROXY v2 header (signature `\\r\\n\\r\\n\\0\\r\\nQUIT\\n`, then the client address) in front of the first bytes the client sends, on every connection, health checks included.',
      'A backend that does not expect the header reads it as the start of a TLS ClientHello or an HTTP request line; it is neither, so the backend closes the connection with RST (or a TLS alert first).',
      'The opposite mismatch: a backend configured to expect the header (ingress-nginx `use-proxy-protocol: "true"`, Istio `gatewayTopology.proxyProtocol`) reads the client’s ClientHello as a broken PROXY header and resets the connection the same way.',
      'The client sees the connection reset right after it was established (`ECONNRESET`, "upstream connect error or disconnect/reset before headers" from an Envoy caller); retries fail identically, for every client.',
    ],
    probability:
      'Hairpin simulates the handshake and then the client’s first bytes through the NLB for every client class, as for the other rules: DNS answer × NLB target × endpoint. ' +
      'When the two sides disagree, every path ends in the backend’s RST after the handshake, so the probability is **1** for every client (the whole load balancer is down, health checks included). ' +
      'The rule fires only when the backend is known (its workload, chart values or the well-known chart labels); otherwise the NLB’s setting is reported as an assumption. The severity is an error.',
    tradeOffs: [
      'The backend then requires the header on every connection: callers that reach it without the NLB (the Service’s ClusterIP, port-forwards, a second load balancer) are rejected unless the backend accepts both, and the backend must trust only the NLB’s addresses for the header.',
      'The backend no longer learns the client address from the header; with client IP preservation also off it sees the NLB node’s address (access logs, IP allow-lists).',
      'Not a change to make: a note on which callers are affected when the backend expects the header.',
    ],
    suppressionExample: `metadata:
  annotations:
    # hairpin-ignore HP104 the backend reads PROXY v2 through a filter Hairpin does not model
    service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"
`,
    references: [AWS_TARGET_GROUP_ATTRIBUTES, LBC_SERVICE_ANNOTATIONS],
    example: INGRESS_NGINX_PROXY,
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const worst = worstFor(a, 'proxy-protocol-mismatch');
    if (!worst) return [];
    const f = a.frontend;
    const b = f.backend;
    const nlb = f.targetGroup.proxyProtocolV2;
    const backendSetting = b.proxyProtocol!;
    const name = BACKEND_NAMES[b.kind];
    const evidence = b.evidence === 'labels' ? `known by its labels only: ${b.why}` : b.evidence === 'chart' ? `from ${b.why}` : `identified by its workload: ${b.why}`;
    const nlbSide = nlb.value ? `the NLB sends a PROXY v2 header (${origin(nlb)})` : `the NLB sends no PROXY header (${origin(nlb)})`;
    const backendSide = nlb.value ? `${name} does not expect one (${origin(backendSetting)})` : `${name} expects one first (${origin(backendSetting)})`;
    const message =
      `${worst.probability.equals(Fraction.ONE) ? 'Every connection through this NLB fails' : `${inWords(worst.probability)} connections through this NLB fail`} after the handshake: ${nlbSide}, and ${backendSide}. ` +
      `The backend cannot read the first bytes and resets the connection, health checks included. Backend ${evidence}.`;
    const primary = nlb.origin === 'explicit' && nlb.span ? nlb.span : backendSetting.origin === 'explicit' && backendSetting.span ? backendSetting.span : f.head;
    const related: RelatedLocation[] = [];
    if (backendSetting.span && !sameSpan(backendSetting.span, primary)) related.push({ span: backendSetting.span, message: `${name}: ${backendSetting.value === 'rejected' ? 'no PROXY header expected' : 'PROXY header expected'}` });
    if (b.span && !sameSpan(b.span, primary)) related.push({ span: b.span, message: `the backend is ${name}: ${b.why}` });
    if (nlb.span && !sameSpan(nlb.span, primary)) related.push({ span: nlb.span, message: `proxy protocol v2 ${nlb.value ? 'on' : 'off'} (${nlb.origin})` });
    related.push(...frontendRelated(f));
    return [simulatedDraft(a, worst, 'proxy-protocol-mismatch', { message, span: primary, related, mitigations: rankMitigations(a, () => true, 'proxy-protocol', PROXY_FIXES) })];
  },
};
