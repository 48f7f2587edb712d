import { AWS_LOOPBACK_TIMEOUT, AWS_TARGET_GROUP_ATTRIBUTES, HAIRPIN_REPORTS } from './doc-references';
import { ISTIO_GATEWAY_OVERLAY } from './doc-examples';
import { inWords } from '../simulate/probability-text';
import { describeClient, isInCluster, worstFor } from './clients';
import { rankMitigations } from './rank-mitigations';
import { simulatedDraft } from './simulated-draft';
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
    packetStory: [
      'A caller whose packets leave with its node’s own address sends a SYN to an NLB node: a host-network process, or a pod behind an overlay CNI (Calico IPIP/VXLAN with natOutgoing, Cilium with masquerading) whose egress is SNATed to the node.',
      'The NLB node picks a target; it can pick that same node. Client IP preservation keeps the source, so the SYN arrives at `node:nodePort` from `node` itself.',
      'The node’s kernel sees a packet from the outside whose source is one of its own addresses and drops it as martian. kube-proxy never sees it, and no SYN-ACK is ever sent.',
      'The client retransmits its SYN at +1 s, +3 s, +7 s, …; the NLB keeps the flow on the same target, so each retry is dropped the same way until `connect()` times out (about 127 s). AWS documents this as the loopback timeout.',
    ],
    probability:
      'The same enumeration as HP101: DNS answer × NLB target × kube-proxy endpoint, as equivalence classes. A path fails when the NLB picks the node whose address the caller’s packets carry. ' +
      'In the canonical topology T1 with cross-zone on, a host-network process on n1, or a pod on n1 behind an overlay CNI, fails **1/6** of the time (scenarios S10, S11): whatever the DNS answer, the NLB node picks n1 among six targets. ' +
      'An internet-facing NLB sees the NAT gateway’s address instead, so the caller never matches a target (S13).',
    tradeOffs: [
      'The backend sees the NLB node’s address instead of the client’s; use proxy protocol v2 if it needs the client address (and configure the backend to accept it).',
      'Callers must use the Service name instead of the NLB hostname; they bypass the NLB’s own features.',
      'Needs pods with VPC addresses (the VPC CNI); with an overlay CNI pods cannot be ip targets.',
    ],
    suppressionExample: `metadata:
  annotations:
    # hairpin-ignore HP102 no host-network caller uses this NLB
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance
`,
    references: [AWS_LOOPBACK_TIMEOUT, AWS_TARGET_GROUP_ATTRIBUTES, ...HAIRPIN_REPORTS.filter((r) => /amazon-vpc-cni-k8s|cloud-provider-aws|cilium/.test(r.title))],
    example: ISTIO_GATEWAY_OVERLAY,
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
      simulatedDraft(a, worst, 'loopback-drop', {
        message,
        span: tg.preserveClientIp.span ?? f.head,
        related: frontendRelated(f),
        mitigations: rankMitigations(a, (c) => isInCluster(c.location)),
      }),
    ];
  },
};
