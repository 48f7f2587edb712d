import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { FIXTURES, fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

describe('cluster zones from the VPC module', () => {
  before(() => initTestGrammars());

  it("the EKS node group's nodes are spread over the VPC module's azs, and the simulation uses them", () => {
    const tf = { path: 'terraform/eks-vpc/main.tf', text: readFileSync(join(FIXTURES, 'terraform/eks-vpc/main.tf'), 'utf8') };
    const r = analyze([tf, fixture('k8s/seed.yaml')]);
    const zones = r.frontends[0]!.cluster.zones;
    assert.equal(zones.origin, 'inferred');
    assert.deepEqual(zones.value, [
      { name: 'eu-west-1a', nodes: ['node-1', 'node-3'] },
      { name: 'eu-west-1b', nodes: ['node-2', 'node-4'] },
    ]);
    assert.doesNotMatch(zones.why!, /assumed/);
    // 4 nodes, one gateway pod per zone: a pod on a node without a gateway pod hairpins 1 in 4.
    assert.equal(r.findings.find((f) => f.ruleId === 'HP101')!.probabilityExact, '1/4');
  });
});
