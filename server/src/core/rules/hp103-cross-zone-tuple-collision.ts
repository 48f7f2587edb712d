import { AWS_INTERMITTENT_FAILURE, AWS_TARGET_GROUP_ATTRIBUTES, AWS_TCP_DELAYS, COLLISION_REPORTS } from './doc-references';
import { ISTIO_GATEWAY } from './doc-examples';
import { effectiveCrossZone } from '../simulate/from-frontend';
import { formatCount, percent } from '../simulate/probability-text';
import { rankMitigations } from './rank-mitigations';
import { frontendRelated } from './related';
import type { FindingDraft, FrontendAnalysis, Rule } from './types';

export const hp103: Rule = {
  meta: {
    id: 'HP103',
    name: 'cross-zone-tuple-collision',
    shortDescription: 'Cross-zone load balancing with client IP preservation lets two NLB nodes hand a target the same source IP and port',
    description:
      'With client IP and port preserved, a busy client (or a NAT in front of many) can use one source port toward two NLB node ' +
      'addresses at once. With cross-zone on, both NLB nodes may pick the same target, which then sees the same 4-tuple twice: the ' +
      'second SYN gets a challenge ACK and the client resets. Checkov CKV_AWS_152 and AWS Config recommend enabling cross-zone; ' +
      'that advice is safe only with client IP preservation off.',
    remediation: [
      'Disable client IP preservation (`preserve_client_ip.enabled=false`): each NLB node then connects from its own address.',
      'Or disable cross-zone load balancing (`load_balancing.cross_zone.enabled=false`) so two NLB nodes never share a target.',
      'More targets or a wider ephemeral port range lower the rate but do not remove it.',
    ],
    docs: 'docs/rules/HP103.md',
    packetStory: [
      'One source address (a busy pod, a node’s SNAT, or a NAT gateway in front of many clients) holds many connections to the NLB, spread over the NLB nodes of the zones by DNS.',
      'Linux requires a source port to be unique only per 4-tuple, so the same source port can be in use toward two NLB node addresses at the same moment.',
      'With client IP preservation on, the NLB keeps the source IP *and port*. With cross-zone on, both NLB nodes may pick the same target.',
      'The target then sees a second SYN for a 4-tuple it already has an established connection on, and answers it with a challenge ACK instead of a SYN-ACK.',
      'The client, which sent a SYN, receives an ACK that does not match, answers with RST and retries: an intermittent connection failure or a delay.',
    ],
    probability:
      'Analytic, not enumerated: one source address holds K concurrent connections spread evenly over Z NLB node addresses, and source ports are uniform over R ports per destination. ' +
      'A new connection collides when a live connection through another NLB node has the same source port and was sent to the same one of T equally likely targets: ' +
      'P ≈ 1 − (1 − 1/(R·T))^(K·(Z−1)/Z), and 0 with cross-zone off or preservation off. ' +
      'K comes from `.hairpin.yaml` (`workload.concurrentConnectionsPerSource`, assumed 1,000), R from `workload.sourcePorts` (Linux’s default range, 28,232 ports). ' +
      'For K = 1,000, Z = 3, R = 28,232, T = 6 it is **about 0.39%** of new connections; a Monte Carlo run of the port choice cross-checks the formula in the tests. ' +
      'The severity is a warning from 0.0001 (`hairpin.severity.warning`).',
    tradeOffs: [
      'The backend sees the NLB node’s address instead of the client’s; use proxy protocol v2 for the client address (the backend must be configured to accept it). Also removes HP101 and HP102.',
      'Each NLB node only uses targets in its own zone, while DNS still spreads clients evenly over the zones: uneven targets per zone mean uneven load. Checkov CKV_AWS_152, AWS Config `nlb-cross-zone-load-balancing-enabled`, Control Tower, Prowler and Powerpipe flag cross-zone off; it is safe to enable once client IP preservation is off. Does not help HP101.',
      'Only lowers the rate.',
    ],
    suppressionExample: `metadata:
  annotations:
    # hairpin-ignore HP103 each client holds few connections; retries absorb the rare reset
    service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true
`,
    references: [AWS_INTERMITTENT_FAILURE, AWS_TCP_DELAYS, AWS_TARGET_GROUP_ATTRIBUTES, ...COLLISION_REPORTS],
    example: ISTIO_GATEWAY,
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const c = a.simulation.collision;
    if (c.probability <= 0) return [];
    const f = a.frontend;
    const cz = effectiveCrossZone(f);
    const k = a.cluster.workload.concurrentConnectionsPerSource.value;
    // Unknown targets: the rate for one target is the most it can be; each added target divides it (about 1/T).
    const unknown = a.cluster.targetKind?.value === 'unknown';
    const targets = unknown
      ? 'targets unknown: the rate for one target, the upper bound, which falls about in proportion as targets are added'
      : `${formatCount(c.targets)} target${c.targets === 1 ? '' : 's'}, ${a.cluster.zones.origin}`;
    const message =
      `${unknown ? 'Up to about' : 'About'} ${percent(c.probability)} of new connections from a busy source address (${formatCount(k)} concurrent connections, ` +
      `${a.cluster.workload.concurrentConnectionsPerSource.origin}; ${targets}) can be reset: cross-zone load balancing is on and client IP preservation keeps the ` +
      `source IP and port, so two NLB nodes can hand the same 4-tuple to one target. Disable cross-zone or client IP preservation.`;
    const pres = f.targetGroup.preserveClientIp;
    return [
      {
        message,
        span: cz.origin === 'explicit' && cz.span ? cz.span : f.head,
        related: [...(pres.span ? [{ span: pres.span, message: `client IP preservation ${pres.value ? 'on' : 'off'} (${pres.origin})` }] : []), ...frontendRelated(f)],
        probability: c.probability,
        mode: 'tuple-collision',
        ...(a.simulation.collisionTrace ? { traceRef: { frontendId: f.id, client: 'vpc' as const, mode: 'tuple-collision' as const } } : {}),
        mitigations: rankMitigations(a, () => true, 'collision'),
      },
    ];
  },
};
