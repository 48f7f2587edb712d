import { simulateExample, type ExampleSimulation } from './doc-simulation';
import type { RuleMeta } from './types';

const SIMULATED = [
  'Hairpin reads the load balancer, its target group and the Service behind it, then moves the TCP handshake through a model of the network',
  '(NLB nodes, the VPC fabric, kube-proxy NAT and conntrack, pod sockets) for every DNS answer, target and endpoint choice. The finding reports',
  'the exact probability the simulation derives, and its severity follows from that probability.',
].join('\n');

const GENERATED = '_This page is generated from the rule registry (`npm run docs`)._';
const GENERATED_SIMULATED = '_This page is generated from the rule registry (`npm run docs`); the example is simulated by the engine, not copied by hand._';

/** The rule's documentation page, generated from its metadata (and its example, simulated) so the two cannot drift apart. */
export function ruleDocPage(meta: RuleMeta): string {
  const sim = meta.example && simulateExample(meta.id, meta.example);
  return [
    `# ${meta.id} ${meta.name}`,
    '',
    `> ${meta.shortDescription}`,
    '',
    '## What fails',
    '',
    meta.description,
    '',
    ...(meta.packetStory.length ? ['### Packet by packet', '', ...meta.packetStory.map((s, i) => `${i + 1}. ${s}`), ''] : []),
    ...(sim && meta.example ? exampleSection(meta, sim) : []),
    ...(meta.probability === null
      ? ['## How Hairpin decides', '', meta.decidedBy ?? SIMULATED, '']
      : ['## How the probability is computed', '', meta.decidedBy ?? SIMULATED, '', meta.probability, '', ...(sim ? ['In the example above:', '', sim.clients, ''] : [])]),
    '## Fixes and their trade-offs',
    '',
    ...meta.remediation.flatMap((r, i) => [`${i + 1}. ${r}`, ...(meta.tradeOffs[i] ? [`   - Trade-off: ${meta.tradeOffs[i]}`] : [])]),
    '',
    ...(sim ? ['Each change re-simulated on the example (failure probability per client; what `hairpin simulate` lists under "what if", and what the quick fixes are ranked by):', '', sim.whatIfs, ''] : []),
    ...suppressionSection(meta),
    ...(meta.references.length ? ['## References', '', ...meta.references.map((r) => `- ${r.url ? `[${r.title}](${r.url})` : r.title}`), ''] : []),
    sim ? GENERATED_SIMULATED : GENERATED,
    '',
  ].join('\n');
}

function exampleSection(meta: RuleMeta, sim: ExampleSimulation): string[] {
  const ex = meta.example!;
  const config = ex.config;
  return [
    '### The handshake, simulated',
    '',
    `The example \`${ex.path}\`${config ? ', on a cluster described by this `.hairpin.yaml`' : ''}:`,
    '',
    '```yaml',
    ex.text.trimEnd(),
    '```',
    '',
    ...(config ? ['```yaml', '# .hairpin.yaml', config.trimEnd(), '```', ''] : []),
    `\`hairpin check\` reports ${meta.id} on line ${sim.line}:`,
    '',
    `> ${sim.message}`,
    '',
    ...(sim.diagram
      ? [
          `The failing handshake, as \`hairpin simulate ${dirOf(ex.path)}${config ? ' --config .hairpin.yaml' : ''}\` draws it (one lifeline per element; NAT, conntrack and routing decisions as notes; retransmissions one line each):`,
          '',
          '```text',
          sim.diagram.trimEnd(),
          '```',
          '',
        ]
      : []),
  ];
}

function suppressionSection(meta: RuleMeta): string[] {
  if (meta.suppressionExample === null) {
    return [
      '## Suppressing it',
      '',
      `${meta.id} is a problem of a suppression itself and cannot be suppressed: a \`hairpin-ignore ${meta.id}\` is reported as an unknown rule (HP003). Fix or delete the suppression instead.`,
      '',
    ];
  }
  const id = meta.id;
  return [
    '## Suppressing it',
    '',
    'When the finding is an accepted risk, say so next to the value it points at, with a reason. Three forms:',
    '',
    `- \`# hairpin-ignore ${id} reason\` on its own line, right above the line the finding is reported on (blank and comment lines in between are skipped), in YAML (Kubernetes, Istio, chart values, CloudFormation), Terraform and Python;`,
    `- \`// hairpin-ignore ${id} reason\` in TypeScript (and in Terraform);`,
    `- for a whole Kubernetes object, the annotation \`hairpin.io/ignore: "${id}: reason"\` (entries separated by \`;\`, each \`ID[,ID...][: reason]\`).`,
    '',
    'For this rule:',
    '',
    '```yaml',
    meta.suppressionExample.trimEnd(),
    '```',
    '',
    'A suppressed finding no longer counts for `hairpin check --fail-on`; JSON lists it under `suppressed` and SARIF keeps it with an `inSource` suppression. A suppression without a reason is [HP002](HP002.md), one that suppresses nothing is [HP001](HP001.md), an unknown rule id is [HP003](HP003.md).',
    '',
  ];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}
