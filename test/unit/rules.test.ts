import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/core/rules/registry';
import { analyzeFixtures, fixture, ruleIds, textAt } from '../helpers/fixtures';

describe('HP101 hairpin-reset and HP103 cross-zone-tuple-collision', () => {
  it('the seed Service gets both, with probabilities from the simulation', () => {
    const r = analyzeFixtures('k8s/seed.yaml');
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103', 'HP105'], 'the seed is the Istio gateway Service (its labels): Envoy keeps idle connections past 350 s');
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(hp101.probabilityExact, '1/6');
    assert.equal(hp101.severity, 'error');
    assert.match(hp101.message, /^1 in 6 connections through this NLB from a pod on n1/);
    assert.match(hp101.message, /on by default for instance targets/);
    assert.deepEqual(hp101.traceRef, { frontendId: hp101.frontendId, client: 'pod@n1', mode: 'hairpin-reset' });
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.ok(Math.abs(hp103.probability - 0.00393) / 0.00393 < 0.01);
    assert.equal(hp103.severity, 'warning');
  });

  it('the deciding value carries the finding: the Service head for an unwritten default, the cross-zone entry when written', () => {
    const file = fixture('k8s/seed.yaml');
    const r = analyze([file]);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(textAt(file, hp101.span), 'istio-ingressgateway');
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(textAt(file, hp103.span), 'load_balancing.cross_zone.enabled=true');
  });

  it('with an explicit target type, HP101 points at it (it decides the preservation default)', () => {
    const file = fixture('../../examples/istio-gateway/gateway-service.yaml');
    const hp101 = analyze([file]).findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(textAt(file, hp101.span), 'instance');
  });

  it('preserve_client_ip.enabled=false: neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('k8s/preservation-off.yaml')), []);
  });

  it('ip targets without the attribute: neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('k8s/ip-targets.yaml')), []);
  });

  it('legacy in-tree NLB without the cross-zone annotation: HP101 but not HP103', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('k8s/legacy-in-tree.yaml')), ['HP101']);
  });

  it('externalTrafficPolicy Local with cross-zone off: HP101 for the pod on a gateway node (1 in 3), no HP103', () => {
    const r = analyzeFixtures('k8s/multi-doc.yaml');
    assert.deepEqual(ruleIds(r), ['HP101']);
    const f = r.findings[0]!;
    assert.equal(f.probabilityExact, '1/3');
    assert.equal(f.traceRef?.client, 'pod@n2');
  });

  it('mitigations are ranked by simulated effect and never include ones that do not help', () => {
    const hp101 = analyzeFixtures('k8s/seed.yaml').findings.find((f) => f.ruleId === 'HP101')!;
    const ids = hp101.mitigations.map((m) => m.id);
    assert.ok(ids.includes('disable-preservation'));
    assert.ok(!ids.includes('local-policy'), 'Local makes the pod on a gateway node worse (1/3)');
    assert.equal(hp101.mitigations[0]!.failureAfter, 0);
    const czIndex = ids.indexOf('disable-cross-zone');
    if (czIndex >= 0) assert.ok(czIndex > ids.indexOf('disable-preservation'));
  });

  it('a change that sends PROXY headers to a backend known to reject them is never offered for another finding', () => {
    // The seed's backend is the Istio ingress gateway, which rejects PROXY v2 headers unless told to accept them.
    const r = analyzeFixtures('k8s/seed.yaml');
    for (const id of ['HP101', 'HP103']) {
      const f = r.findings.find((x) => x.ruleId === id)!;
      assert.ok(f.mitigations.length > 0);
      assert.ok(!f.mitigations.some((m) => m.id === 'proxy-protocol'), `${id}: ${f.mitigations.map((m) => m.id).join(', ')}`);
    }
    // A backend Hairpin does not know may accept them: offered, with the condition in its title (fix/titles.ts).
    const unknown = analyze([{ path: 'svc.yaml', text: fixture('k8s/seed.yaml').text.replace('istio: ingressgateway', 'gateway: edge').replace('istio-ingressgateway', 'edge-gateway') }]);
    assert.ok(unknown.findings.find((x) => x.ruleId === 'HP103')!.mitigations.some((m) => m.id === 'proxy-protocol'));
  });

  it('every rule has a stable id, a name, descriptions and a docs page path', () => {
    for (const r of RULES) {
      assert.match(r.meta.id, /^HP\d{3}$/);
      assert.match(r.meta.name, /^[a-z0-9-]+$/);
      assert.ok(r.meta.shortDescription && r.meta.description);
      assert.equal(r.meta.docs, `docs/rules/${r.meta.id}.md`);
    }
    assert.equal(new Set(RULES.map((r) => r.meta.id)).size, RULES.length);
  });
});

describe('HP102 loopback-drop', () => {
  it('fires for host-network callers and overlay-CNI pods, from the simulation', async () => {
    const { readHairpinConfig } = await import('../../server/src/core/parse/hairpin-config');
    const seed = fixture('k8s/seed.yaml');
    const overlay = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster: {cni: overlay}\n' }).cluster;
    const r = analyze([seed], { cluster: overlay });
    assert.deepEqual(ruleIds(r), ['HP102', 'HP103', 'HP105']);
    const f = r.findings.find((x) => x.ruleId === 'HP102')!;
    assert.equal(f.probabilityExact, '1/6');
    assert.match(f.message, /overlay CNI SNATs pod traffic/);
    const hosts = readHairpinConfig({ path: '.hairpin.yaml', text: 'clients: [host@n1]\n' }).cluster;
    const h = analyze([seed], { cluster: hosts }).findings.find((x) => x.ruleId === 'HP102')!;
    assert.match(h.message, /host-network caller/);
  });
});

describe('findings name the other files that took part', () => {
  it('a Terraform NLB joined to a NodePort Service in another folder lists the Service as a related location', async () => {
    const { initTestGrammars } = await import('../helpers/grammars');
    await initTestGrammars();
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { FIXTURES } = await import('../helpers/fixtures');
    const read = (dir: string) => readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.tf')).map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(FIXTURES, dir, f), 'utf8') }));
    const r = analyze([...read('terraform/plain'), ...read('terraform/nodeport-service')]);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.ok(hp101.related.some((x) => x.span.file.startsWith('terraform/nodeport-service/') && /Service/.test(x.message)), JSON.stringify(hp101.related));
  });
});
