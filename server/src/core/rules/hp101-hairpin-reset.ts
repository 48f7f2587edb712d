import { AWS_LOOPBACK_TIMEOUT, AWS_TARGET_GROUP_ATTRIBUTES, HAIRPIN_REPORTS, LBC_SERVICE_ANNOTATIONS } from './doc-references';
import { ISTIO_GATEWAY } from './doc-examples';
import { effectiveCrossZone } from '../simulate/from-frontend';
import { inWords } from '../simulate/probability-text';
import { describeClient, isInCluster, worstFor } from './clients';
import { rankMitigations } from './rank-mitigations';
import { simulatedDraft } from './simulated-draft';
import { frontendRelated } from './related';
import type { FindingDraft, FrontendAnalysis, RelatedLocation, Rule } from './types';
import { sameSpan } from '../text/span';

export const hp101: Rule = {
  meta: {
    id: 'HP101',
    name: 'hairpin-reset',
    shortDescription: 'In-cluster callers of this NLB are reset when the NLB sends them back to their own node',
    description:
      'With client IP preservation on, a connection from inside the cluster can be sent by the NLB to the caller’s own node ' +
      '(or to a backend pod on it). The reply is then delivered on that node and never returns through the NLB, so the caller ' +
      'sees a SYN-ACK from an address it never called and answers with RST; its retries take the same path until connect() times out.',
    remediation: [
      'Disable client IP preservation on the target group (`preserve_client_ip.enabled=false`); use proxy protocol v2 if the backend needs the client address.',
      'Register pods as ip targets (`aws-load-balancer-nlb-target-type: ip`), where preservation is off by default for TCP.',
      'Keep in-cluster callers off the NLB: call the Service (or the mesh) directly.',
      '`externalTrafficPolicy: Local` only protects callers on nodes without a gateway pod, and cross-zone settings do not change this failure.',
    ],
    docs: 'docs/rules/HP101.md',
    packetStory: [
      'A client pod on node X (VPC CNI: the pod has a real VPC address) resolves the NLB hostname and sends its SYN to an NLB node, `NLB-IP:443`.',
      'The NLB node picks a target. With instance targets and `externalTrafficPolicy: Cluster` every node is a target on the NodePort; it can pick node X itself. Client IP preservation keeps the source: the SYN reaches `nodeX:31380` from the client pod’s own address.',
      'kube-proxy on node X DNATs the SYN to a gateway pod and, because the policy is Cluster, SNATs (masquerades) it to node X.',
      'The gateway pod answers with a SYN-ACK to node X.',
      'Conntrack on node X reverses both translations: the SYN-ACK now reads `nodeX:31380 → client pod`.',
      'The client pod is local, so node X delivers the SYN-ACK itself. It never crosses the VPC fabric, which alone could have steered it back through the NLB node.',
      'The client socket is waiting for a SYN-ACK from `NLB-IP:443`; this one comes from another address and port, no socket matches, and the client answers with RST.',
      'The client retransmits its SYN at +1 s, +3 s, +7 s, … The NLB keeps the flow on the same target, so every retry fails the same way until `connect()` times out (about 127 s; an Envoy caller gives up after its 10 s connect timeout and retries).',
      'With `externalTrafficPolicy: Local` the same happens without the SNAT step, only for callers on a node that runs a gateway pod; with ip targets the SYN-ACK comes from the gateway pod’s own address when it shares the caller’s node.',
    ],
    probability:
      'Every choice on the way is uniform, and Hairpin walks them all as equivalence classes (nodes that behave alike are one class, so the cost does not grow with the node count): ' +
      'DNS answer (any enabled zone’s NLB node) × NLB target (every healthy target in scope: all zones with cross-zone on, the NLB node’s own zone with it off) × kube-proxy endpoint (any endpoint the traffic policy allows). ' +
      'A path fails when the target is the caller’s own node (or, for ip targets and the Local policy, a gateway pod on it). ' +
      'In the canonical topology T1 (three zones of two nodes, a gateway pod on every second node) a pod on n1 fails when the NLB picks n1: 1/3 × 1/6 summed over the three DNS answers with cross-zone on, or 1/3 × 1/2 for the zone-a answer alone with it off; both are **1/6** (scenarios S1, S3). ' +
      'With `externalTrafficPolicy: Local` only the three nodes with a gateway pod are healthy targets, so a pod on n2 fails 1/3 of the time and one on n1 never (S5, S6). ' +
      'The severity is an error from a failure probability of 0.01 (`hairpin.severity.error`).',
    tradeOffs: [
      'The backend sees the NLB node’s address instead of the client’s; IP allow-lists and access logs need proxy protocol v2 (which the backend must then be configured to accept) or must move to the application layer. Applies to new connections only.',
      'Needs the VPC CNI (pods with VPC addresses) and enough target-group capacity for the pod count; targets change as pods move, so deregistration delay matters on deploys. Turning preservation back on for ip targets brings the failure back for callers on a gateway pod’s node.',
      'In-cluster callers must be configured with the Service’s name instead of the NLB hostname; they then bypass whatever the NLB does (TLS termination, security groups).',
      'Not a fix here: it moves the failure to callers on a node with a gateway pod (1/3 in T1) and drops nodes without a gateway pod from the target group. It does keep the client IP without SNAT.',
    ],
    suppressionExample: `metadata:
  annotations:
    # hairpin-ignore HP101 in-cluster callers use the mesh, never the NLB
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance
`,
    references: [AWS_LOOPBACK_TIMEOUT, AWS_TARGET_GROUP_ATTRIBUTES, LBC_SERVICE_ANNOTATIONS, ...HAIRPIN_REPORTS],
    example: ISTIO_GATEWAY,
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const worst = worstFor(a, 'hairpin-reset', (c) => isInCluster(c.location));
    if (!worst) return [];
    const f = a.frontend;
    const tg = f.targetGroup;
    const where = describeClient(worst.client.location, a.cluster.endpoints.value);
    const preservation =
      tg.preserveClientIp.origin === 'explicit'
        ? 'client IP preservation is enabled'
        : `client IP preservation is on by default for ${tg.targetType.value} targets`;
    const path =
      tg.targetType.value === 'ip'
        ? 'the NLB can pick a gateway pod on the caller’s node, whose reply is delivered locally instead of returning through the NLB'
        : f.trafficPolicy.value === 'Local'
          ? 'the NLB can pick the caller’s own node, where kube-proxy hands the connection to a local gateway pod and the reply never returns through the NLB'
          : 'the NLB can pick the caller’s own node, where kube-proxy’s NAT sends the reply straight back to the caller instead of through the NLB';
    const message = `${inWords(worst.probability)} connections through this NLB from ${where} fail: ${preservation}, and ${path}. The caller answers the stray SYN-ACK with RST and its retries repeat the same path until connect() times out.`;
    const primary = tg.preserveClientIp.span ?? f.head;
    const related: RelatedLocation[] = [];
    // Only written values are worth pointing at; defaults have nothing to show but the Service head.
    if (tg.targetType.origin === 'explicit' && tg.targetType.span && !sameSpan(tg.targetType.span, primary)) {
      related.push({ span: tg.targetType.span, message: `target type ${tg.targetType.value}` });
    }
    if (f.trafficPolicy.origin === 'explicit' && f.trafficPolicy.span && tg.targetType.value === 'instance') {
      related.push({ span: f.trafficPolicy.span, message: `externalTrafficPolicy: ${f.trafficPolicy.value}` });
    }
    related.push(...frontendRelated(f));
    const cz = effectiveCrossZone(f);
    if (cz.origin === 'explicit' && cz.span) related.push({ span: cz.span, message: 'cross-zone does not change the hairpin probability; disabling it does not fix this' });
    return [simulatedDraft(a, worst, 'hairpin-reset', { message, span: primary, related, mitigations: rankMitigations(a, (c) => isInCluster(c.location)) })];
  },
};
