import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explanationMarkdown } from '../../client/src/explain-markdown';
import type { ExplainResult, LspLocation } from '../../server/src/protocol';

const at = (line: number): LspLocation => ({ uri: 'file:///w/svc.yaml', range: { start: { line, character: 4 }, end: { line, character: 12 } } });
const where = (l: LspLocation) => `svc.yaml:${l.range.start.line + 1}`;

const EXPLAINED: ExplainResult = {
  field: 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type',
  location: at(10),
  values: [
    { label: 'target type', value: 'instance', origin: 'explicit', source: 'written in the file', location: at(10), effect: ['Instance targets: the NLB sends to NodePort 31380 on every node.'] },
    { label: 'client IP preservation', value: true, origin: 'default', source: 'default: AWS target group attributes', effect: ['The caller’s own address reaches the node.'] },
  ],
  frontend: { id: 'svc#443', name: 'istio-system/istio-ingressgateway', location: at(6) },
  clients: [
    { location: 'pod@n1', description: 'a pod on n1 (a node without a gateway pod)', failureProbability: 1 / 6, failureProbabilityExact: '1/6', modes: ['hairpin-reset'] },
    { location: 'pod@n2', description: 'a pod on n2 | with a pipe', failureProbability: 0, failureProbabilityExact: '0', modes: [] },
  ],
  whatIfs: [{ id: 'disable-preservation', title: 'Disable client IP preservation (preserve_client_ip.enabled=false)', worstFailure: 0, collision: 0 }],
  collision: { probability: 0.0039, reason: 'Cross-zone and preservation are on.' },
  cluster: 'Assumed: three zones with two nodes each.',
};

describe('"Hairpin: Explain This Setting" markdown', () => {
  it('lays out the values with their provenance, the clients, the what-ifs and the cluster', () => {
    const md = explanationMarkdown(EXPLAINED, where);
    assert.match(md, /^# Hairpin: service\.beta\.kubernetes\.io\/aws-load-balancer-nlb-target-type$/m);
    assert.match(md, /Load balancer \*\*istio-system\/istio-ingressgateway\*\*, defined at svc\.yaml:7\./);
    assert.match(md, /^- \*\*target type\*\* = `instance`: written in the file \(svc\.yaml:11\)$/m);
    assert.match(md, /^ {2}- Instance targets: the NLB sends to NodePort 31380 on every node\.$/m);
    assert.match(md, /^- \*\*client IP preservation\*\* = `true`: default: AWS target group attributes$/m);
    assert.match(md, /^\| a pod on n1 \(a node without a gateway pod\) \| 1\/6 \(16\.7%\) \| hairpin-reset \|$/m);
    assert.match(md, /^\| a pod on n2 \\\| with a pipe \| none \| completes \|$/m, 'a pipe in a cell is escaped');
    assert.match(md, /^\| Disable client IP preservation \(preserve_client_ip\.enabled=false\) \| 0% \| 0% \|$/m);
    assert.match(md, /Tuple collisions: 0\.39% of new connections/);
    assert.match(md, /^## Cluster\n\nAssumed: three zones with two nodes each\.$/m);
  });

  it('says the note when there is no simulation', () => {
    const md = explanationMarkdown({ field: 'x', location: at(1), note: 'This Service does not ask for an AWS Network Load Balancer.', values: [], clients: [], whatIfs: [] }, where);
    assert.match(md, /does not ask for an AWS Network Load Balancer/);
    assert.doesNotMatch(md, /## Clients/);
  });
});
