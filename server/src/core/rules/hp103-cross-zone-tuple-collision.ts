import { effectiveCrossZone } from '../simulate/from-frontend';
import { percent } from '../simulate/probability-text';
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
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const c = a.simulation.collision;
    if (c.probability <= 0) return [];
    const f = a.frontend;
    const cz = effectiveCrossZone(f);
    const k = a.cluster.workload.concurrentConnectionsPerSource.value;
    const message =
      `About ${percent(c.probability)} of new connections from a busy source address (${k.toLocaleString('en-US')} concurrent connections, ` +
      `${a.cluster.workload.concurrentConnectionsPerSource.origin}; estimated for ${c.targets} target${c.targets === 1 ? '' : 's'}) can be reset: cross-zone load balancing is on and client IP preservation keeps the ` +
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
