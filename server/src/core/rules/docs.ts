import type { RuleMeta } from './types';

const SIMULATED = [
  'Hairpin reads the load balancer, its target group and the Service behind it, then moves the TCP handshake through a model of the network',
  '(NLB nodes, the VPC fabric, kube-proxy NAT and conntrack, pod sockets) for every DNS answer, target and endpoint choice. The finding reports',
  'the exact probability the simulation derives, and its severity follows from that probability.',
].join('\n');

/** The rule's documentation page, generated from its metadata so the two cannot drift apart. */
export function ruleDocPage(meta: RuleMeta): string {
  return [
    `# ${meta.id} ${meta.name}`,
    '',
    `> ${meta.shortDescription}`,
    '',
    '## What happens',
    '',
    meta.description,
    '',
    '## How Hairpin decides',
    '',
    meta.decidedBy ?? SIMULATED,
    '',
    '## How to fix it',
    '',
    ...meta.remediation.map((r) => `- ${r}`),
    '',
    '_This page is generated from the rule registry (`npm run docs`)._',
    '',
  ].join('\n');
}
