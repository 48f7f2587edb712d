import { effectiveCrossZone } from '../simulate/from-frontend';
import { inWords } from '../simulate/probability-text';
import { describeClient, isInCluster, worstFor } from './clients';
import { rankMitigations } from './rank-mitigations';
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
    return [
      {
        message,
        span: primary,
        related,
        probability: worst.probability.toNumber(),
        probabilityExact: worst.probability.toString(),
        mode: 'hairpin-reset',
        traceRef: { frontendId: f.id, client: worst.client.location, mode: 'hairpin-reset' },
        mitigations: rankMitigations(a, (c) => isInCluster(c.location)),
      },
    ];
  },
};
