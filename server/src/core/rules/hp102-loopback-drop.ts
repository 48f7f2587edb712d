import { inWords } from '../simulate/probability-text';
import { describeClient, isInCluster, worstFor } from './clients';
import { rankMitigations } from './rank-mitigations';
import { frontendRelated } from './related';
import type { FindingDraft, FrontendAnalysis, Rule } from './types';

export const hp102: Rule = {
  meta: {
    id: 'HP102',
    name: 'loopback-drop',
    shortDescription: 'Callers whose address is their node’s own are dropped when the NLB sends them back to that node',
    description:
      'When the NLB sees a node’s own address as the client (a host-network process, or a pod behind an overlay CNI that SNATs to the node) ' +
      'and client IP preservation is on, a connection the NLB sends back to that node arrives with the node’s own address as its source. ' +
      'The kernel drops it as martian, no SYN-ACK ever comes, and connect() times out. AWS documents this as the loopback timeout of ' +
      'load balancers with client IP preservation.',
    remediation: [
      'Disable client IP preservation on the target group (`preserve_client_ip.enabled=false`).',
      'Keep in-cluster callers off the NLB: call the Service directly.',
      'Register pods as ip targets, where preservation is off by default for TCP.',
    ],
    docs: 'docs/rules/HP102.md',
  },
  check(a: FrontendAnalysis): FindingDraft[] {
    const worst = worstFor(a, 'loopback-drop', (c) => isInCluster(c.location));
    if (!worst) return [];
    const f = a.frontend;
    const tg = f.targetGroup;
    const plain = !!a.simulation.scenario.plainTargets;
    const where = describeClient(worst.client.location, a.cluster.endpoints.value, plain);
    const why = plain
      ? 'an instance that calls its own NLB uses its own address'
      : worst.client.location.startsWith('host@')
        ? 'a host-network caller uses its node’s address'
        : `the ${a.cluster.cni.value} CNI SNATs pod traffic to the node’s address`;
    const message =
      `${inWords(worst.probability)} connections through this NLB from ${where} are dropped: ${why}, client IP preservation keeps it, ` +
      `and when the NLB picks that same ${plain ? 'instance' : 'node'} the SYN arrives with its own address as source and is dropped as martian, so connect() times out.`;
    return [
      {
        message,
        span: tg.preserveClientIp.span ?? f.head,
        related: frontendRelated(f),
        probability: worst.probability.toNumber(),
        probabilityExact: worst.probability.toString(),
        mode: 'loopback-drop',
        traceRef: { frontendId: f.id, client: worst.client.location, mode: 'loopback-drop' },
        mitigations: rankMitigations(a, (c) => isInCluster(c.location)),
      },
    ];
  },
};
