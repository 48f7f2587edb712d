import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/core/explain/hover';
import { describeOrigin } from '../../server/src/core/model/sourced';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { fixture } from '../helpers/fixtures';

/** A Gateway of the LBC's NLB class, with a LoadBalancerConfiguration and a TargetGroupConfiguration that leave out what `omit` names. */
function gateway(omit: { scheme?: boolean; targetType?: boolean }): SourceFile {
  const docs = [
    'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: aws-nlb}\nspec: {controllerName: gateway.k8s.aws/nlb}',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: ingress}\nspec:\n  gatewayClassName: aws-nlb\n  infrastructure:\n    parametersRef: {group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: edge-nlb}\n  listeners:\n    - {name: tls, protocol: TCP, port: 443}',
    `apiVersion: gateway.k8s.aws/v1beta1\nkind: LoadBalancerConfiguration\nmetadata: {name: edge-nlb, namespace: ingress}\nspec:\n${omit.scheme ? '' : '  scheme: internal\n'}  loadBalancerAttributes:\n    - {key: load_balancing.cross_zone.enabled, value: "true"}`,
    'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: {name: edge-tls, namespace: ingress}\nspec:\n  parentRefs: [{name: edge}]\n  rules:\n    - backendRefs: [{name: envoy, port: 443}]',
    `apiVersion: gateway.k8s.aws/v1beta1\nkind: TargetGroupConfiguration\nmetadata: {name: envoy-tg, namespace: ingress}\nspec:\n  targetReference: {name: envoy}\n  defaultConfiguration:\n${omit.targetType ? '    targetGroupAttributes: []' : '    targetType: instance'}`,
    'apiVersion: v1\nkind: Service\nmetadata: {name: envoy, namespace: ingress}\nspec:\n  type: NodePort\n  ports:\n    - {port: 443, targetPort: 8443, nodePort: 30443}',
  ];
  return { path: 'gateway.yaml', text: docs.join('\n---\n') + '\n' };
}

describe('provenance labels (issue 10 H)', () => {
  it('every value written in .hairpin.yaml is written, with the file named, and not assumed', () => {
    const text = 'cluster:\n  cni: overlay\n  zones: {a: [a1, a2], b: [b1, b2]}\n  endpoints: {a2: 1, b2: 1}\n  cloudProviderAwsVersion: 1.35.0\nclients: [pod@a1, vpc]\nworkload:\n  concurrentConnectionsPerSource: 200\n  sourcePorts: 20000\n';
    const { cluster, overrides } = readHairpinConfig({ path: '.hairpin.yaml', text });
    const all = [cluster.cni, cluster.zones, cluster.endpoints, cluster.clients, cluster.workload.concurrentConnectionsPerSource, cluster.workload.sourcePorts, overrides.cloudProviderAwsVersion!];
    for (const s of all) {
      assert.equal(s.origin, 'explicit', JSON.stringify(s));
      assert.match(describeOrigin(s), /^written in the file: .* in \.hairpin\.yaml$/);
      assert.ok(s.span && text.slice(s.span.start, s.span.end).length > 0);
    }
  });

  it('what .hairpin.yaml leaves out stays an assumption', () => {
    const { cluster } = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster:\n  cni: overlay\n' });
    assert.equal(cluster.cni.origin, 'explicit');
    assert.equal(cluster.zones.origin, 'assumed');
    assert.equal(cluster.workload.sourcePorts.origin, 'assumed');
  });

  it('hover: the cluster note says the CNI and the zones are written in .hairpin.yaml', () => {
    const file = fixture('workspaces/overlay/gateway.yaml');
    const { overrides } = readHairpinConfig(fixture('workspaces/overlay/.hairpin.yaml'));
    const r = analyze([file], { clusterOverrides: overrides });
    for (const needle of ['aws-load-balancer-scheme', 'aws-load-balancer-attributes']) {
      const h = hoverAt(r, file.path, file.text.indexOf(needle) + 2);
      assert.ok(h, needle);
      assert.match(h.markdown, /CNI overlay \(written: CNI in \.hairpin\.yaml\)/);
      assert.match(h.markdown, /\(written: zones and nodes in \.hairpin\.yaml\)/);
      assert.doesNotMatch(h.markdown, /CNI overlay \(assumed/);
    }
  });

  it('hover without .hairpin.yaml: the built-in CNI is still an assumption', () => {
    const file = fixture('workspaces/overlay/gateway.yaml');
    const r = analyze([file]);
    const h = hoverAt(r, file.path, file.text.indexOf('aws-load-balancer-scheme') + 2)!;
    assert.match(h.markdown, /CNI aws-vpc-cni \(assumed/);
  });

  it('Gateway API: the controller defaults for scheme and target type are defaults with their source, not assumptions', () => {
    const r = analyze([gateway({ scheme: true, targetType: true })]);
    assert.equal(r.frontends.length, 1, JSON.stringify(r.notices));
    const f = r.frontends[0]!.frontend;
    for (const s of [f.loadBalancer.scheme, f.targetGroup.targetType]) {
      assert.equal(s.origin, 'default');
      assert.match(s.why!, /AWS Load Balancer Controller \(Gateway API\)/);
    }
    assert.equal(f.loadBalancer.scheme.value, 'internal');
    assert.equal(f.targetGroup.targetType.value, 'instance');
    assert.equal(f.targetGroup.preserveClientIp.origin, 'default');
  });

  it('Gateway API: written scheme and target type stay written', () => {
    const f = analyze([gateway({})]).frontends[0]!.frontend;
    assert.equal(f.loadBalancer.scheme.origin, 'explicit');
    assert.equal(f.targetGroup.targetType.origin, 'explicit');
  });
});

describe('the collision estimate states its target count; what-if lists say what each change fixes (issue 10, Also)', () => {
  const zonesOf = (text: string) => readHairpinConfig({ path: '.hairpin.yaml', text }).overrides;
  for (const [zones, count] of [
    ['{a: 2, b: 2, c: 2}', '6 targets'],
    ['{a: 1, b: 1}', '2 targets'],
    ['{a: 4, b: 4, c: 4}', '12 targets'],
  ] as const) {
    it(`HP103 with zones ${zones} says ${count}`, () => {
      const r = analyze([fixture('k8s/seed.yaml')], { clusterOverrides: zonesOf(`cluster:\n  zones: ${zones}\n`) });
      const f = r.findings.find((x) => x.ruleId === 'HP103');
      assert.ok(f);
      assert.ok(f.message.includes(count), f.message);
      assert.ok(r.frontends[0]!.simulation.collision.reason.includes(`one of ${count.replace(' targets', '')} targets`));
    });
  }

  it('hover on the cross-zone value: each what-if says what it fixes and what it leaves', () => {
    const file = fixture('k8s/seed.yaml');
    const r = analyze([file]);
    const h = hoverAt(r, file.path, file.text.indexOf('aws-load-balancer-attributes') + 2)!;
    assert.match(h.markdown, /Disable cross-zone load balancing: worst client 17%, cross-zone collisions 0% \(does not fix the connection failures; removes the collisions\)/);
    assert.match(h.markdown, /Disable client IP preservation.*\(fixes the connection failures; removes the collisions\)/);
    assert.match(h.markdown, /Set externalTrafficPolicy: Local: .*\(makes the connection failures worse; raises the collisions\)/);
    assert.match(h.markdown, /one of 6 targets/);
  });

  it('under HP103, a fix that removes collisions but leaves or worsens the hairpin says so in its title', async () => {
    const { fixesOf } = await import('../helpers/fix');
    for (const [zones, worse] of [
      ['{a: 2, b: 2, c: 2}', false],
      // One node in zone a: with cross-zone off, a caller there always lands on its own node half the time (DNS), not a quarter.
      ['{a: [a1], b: [b1, b2, b3]}\nclients: [pod@a1]', true],
    ] as const) {
      const { proposals } = fixesOf([fixture('k8s/seed.yaml')], 'HP103', { clusterOverrides: zonesOf(`cluster:\n  zones: ${zones}\n`) });
      const cz = proposals.find((p) => p.mitigation === 'disable-cross-zone');
      assert.ok(cz, JSON.stringify(proposals.map((p) => p.title)));
      assert.match(cz.title, /fixes collisions only/);
      if (worse) assert.match(cz.title, /in-cluster failures .* → .*, worse/);
      else assert.doesNotMatch(cz.title, /worse/);
    }
  });
});
