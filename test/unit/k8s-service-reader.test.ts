import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture, textAt } from '../helpers/fixtures';

describe('Kubernetes Service reader with LBC annotations', () => {
  it('reads the seed Service: LBC-managed, internal, instance targets by default, cross-zone on', () => {
    const file = fixture('k8s/seed.yaml');
    const facts = readFile(file);
    assert.equal(facts.services.length, 1);
    const [lb] = facts.loadBalancers;
    const [tg] = facts.targetGroups;
    assert.ok(lb && tg);
    assert.equal(lb.manager.value, 'aws-load-balancer-controller');
    assert.equal(lb.scheme.value, 'internal');
    assert.equal(lb.scheme.origin, 'explicit');
    assert.equal(textAt(file, lb.scheme.span!), 'internal');
    assert.equal(lb.crossZone.value, true);
    assert.equal(textAt(file, lb.crossZone.span!), 'load_balancing.cross_zone.enabled=true');
    assert.equal(tg.targetType.value, 'instance');
    assert.equal(tg.targetType.origin, 'default');
    assert.match(tg.targetType.why!, /defaults to instance/);
    assert.equal(tg.preserveClientIp.value, true);
    assert.equal(tg.preserveClientIp.origin, 'default');
    assert.match(tg.preserveClientIp.why!, /on by default for instance targets/);
    assert.equal(tg.proxyProtocolV2.value, false);
    assert.equal(tg.crossZone.value, 'inherit');
    const svc = facts.services[0]!;
    assert.equal(svc.externalTrafficPolicy.value, 'Cluster');
    assert.equal(svc.externalTrafficPolicy.origin, 'default');
    assert.equal(textAt(file, svc.head), 'istio-ingressgateway');
  });

  it('finds each entry of a quoted, comma-separated attribute list with its own span', () => {
    const file = fixture('k8s/preservation-off.yaml');
    const [tg] = readFile(file).targetGroups;
    assert.equal(tg!.preserveClientIp.value, false);
    assert.equal(tg!.preserveClientIp.origin, 'explicit');
    assert.equal(textAt(file, tg!.preserveClientIp.span!), 'preserve_client_ip.enabled=false');
    assert.equal(tg!.proxyProtocolV2.value, false);
    assert.equal(textAt(file, tg!.proxyProtocolV2.span!), 'proxy_protocol_v2.enabled=false');
  });

  it('ip targets default to preservation off (TCP)', () => {
    const file = fixture('k8s/ip-targets.yaml');
    const [tg] = readFile(file).targetGroups;
    assert.equal(tg!.targetType.value, 'ip');
    assert.equal(textAt(file, tg!.targetType.span!), 'ip');
    assert.equal(tg!.preserveClientIp.value, false);
    assert.equal(tg!.preserveClientIp.origin, 'default');
  });

  it('legacy in-tree nlb: instance targets, preservation on, cross-zone off, internal via the deprecated annotation, "" policy is Cluster', () => {
    const file = fixture('k8s/legacy-in-tree.yaml');
    const facts = readFile(file);
    const [lb] = facts.loadBalancers;
    const [tg] = facts.targetGroups;
    assert.equal(facts.listeners[0]!.port.value, 443);
    assert.equal(lb!.manager.value, 'in-tree');
    assert.equal(lb!.scheme.value, 'internal');
    assert.equal(textAt(file, lb!.scheme.span!), '"true"');
    assert.equal(lb!.crossZone.value, false);
    assert.equal(lb!.crossZone.origin, 'default');
    assert.equal(tg!.targetType.value, 'instance');
    assert.equal(tg!.preserveClientIp.value, true);
    assert.equal(facts.services[0]!.externalTrafficPolicy.value, 'Cluster');
    assert.equal(facts.services[0]!.externalTrafficPolicy.origin, 'explicit');
    assert.equal(tg!.port!.value, 31380);
    assert.equal(tg!.port!.origin, 'explicit');
  });

  it('reads only LoadBalancer Services among several documents; folded attribute values are trimmed', () => {
    const file = fixture('k8s/multi-doc.yaml');
    const facts = readFile(file);
    assert.deepEqual(facts.services.map((s) => s.name), ['plain-clusterip', 'local-policy']);
    assert.equal(facts.loadBalancers.length, 1);
    const [tg] = facts.targetGroups;
    assert.equal(tg!.preserveClientIp.value, true);
    assert.equal(tg!.preserveClientIp.origin, 'explicit');
    assert.equal(tg!.crossZone.value, false);
    assert.equal(facts.services[1]!.externalTrafficPolicy.value, 'Local');
  });

  it('an unknown externalTrafficPolicy becomes a notice and the default', () => {
    const text = 'kind: Service\nmetadata:\n  name: x\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Sometimes\n';
    const facts = readFile({ path: 'x.yaml', text });
    assert.equal(facts.services[0]!.externalTrafficPolicy.value, 'Cluster');
    assert.match(facts.notices[0]!.message, /Unknown externalTrafficPolicy "Sometimes"/);
  });

  it('a LoadBalancer Service without an NLB annotation is not treated as an NLB', () => {
    const facts = readFile({ path: 'x.yaml', text: 'kind: Service\nmetadata:\n  name: clb\nspec:\n  type: LoadBalancer\n' });
    assert.equal(facts.services.length, 1);
    assert.equal(facts.loadBalancers.length, 0);
  });
});

describe('spec.healthCheckNodePort', () => {
  it('is read with its span (Local policy: the NLB health-checks it)', () => {
    const text = 'kind: Service\nmetadata:\n  name: gw\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32100\n';
    const svc = readFile({ path: 'svc.yaml', text }).services[0]!;
    assert.equal(svc.healthCheckNodePort?.value, 32100);
    assert.equal(text.slice(svc.healthCheckNodePort!.span!.start, svc.healthCheckNodePort!.span!.end), '32100');
  });
});

describe('spec.loadBalancerClass', () => {
  it('service.k8s.aws/nlb hands the Service to the controller without the type annotation', () => {
    const text = 'kind: Service\nmetadata:\n  name: gw\nspec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports:\n    - port: 443\n';
    const facts = readFile({ path: 'svc.yaml', text });
    const lb = facts.loadBalancers[0]!;
    assert.equal(lb.manager.value, 'aws-load-balancer-controller');
    assert.equal(text.slice(lb.manager.span!.start, lb.manager.span!.end), 'service.k8s.aws/nlb');
    assert.equal(lb.scheme.value, 'internal');
    assert.equal(facts.targetGroups[0]!.preserveClientIp.value, true);
  });

  it('another class is not an NLB Hairpin knows', () => {
    const text = 'kind: Service\nmetadata:\n  name: gw\nspec:\n  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n';
    assert.equal(readFile({ path: 'svc.yaml', text }).loadBalancers.length, 0);
  });
});
