import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture, ruleIds, textAt } from '../helpers/fixtures';

describe('IstioOperator', () => {
  it('each enabled ingress gateway becomes an LBC Service with its annotations, ServiceSpec and replicas', () => {
    const file = fixture('k8s-extra/operator/istio-operator.yaml');
    const facts = readFile(file);
    assert.deepEqual(facts.services.map((s) => `${s.namespace}/${s.name}`), ['istio-system/istio-ingressgateway']);
    const svc = facts.services[0]!;
    assert.equal(svc.type.value, 'LoadBalancer');
    assert.equal(svc.type.origin, 'default');
    assert.equal(svc.externalTrafficPolicy.value, 'Local');
    assert.equal(textAt(file, svc.externalTrafficPolicy.span!), 'Local');
    assert.deepEqual(svc.ports.map((p) => [p.port.value, p.targetPort.value]), [[15021, 15021], [80, 8080], [443, 8443]]);
    assert.equal(facts.loadBalancers[0]!.crossZone.value, true);
    assert.equal(facts.workloads[0]!.replicas.value, 3);
    assert.equal(textAt(file, facts.workloads[0]!.replicas.span!), '3');
  });

  it('is simulated with its replicas spread over the zones: Local with 3 gateway pods in T1 hairpins 1 in 3 on a gateway node', () => {
    const r = analyze([fixture('k8s-extra/operator/istio-operator.yaml')]);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103', 'HP105']);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(hp101.probabilityExact, '1/3');
    assert.equal(r.frontends[0]!.cluster.endpoints.origin, 'inferred');
    assert.match(r.frontends[0]!.cluster.endpoints.why!, /3 replica\(s\) of Deployment istio-ingressgateway/);
  });
});

describe('istio/gateway chart values', () => {
  it('service.annotations merged with top-level annotations; "" traffic policy is Cluster; chart defaults for type and ports', () => {
    const file = fixture('k8s-extra/chart/values.yaml');
    const facts = readFile(file);
    assert.equal(facts.services.length, 1);
    const [lb] = facts.loadBalancers;
    assert.equal(lb!.scheme.value, 'internal');
    assert.equal(textAt(file, lb!.scheme.span!), 'internal');
    assert.equal(facts.services[0]!.externalTrafficPolicy.value, 'Cluster');
    assert.deepEqual(facts.services[0]!.ports.map((p) => p.port.value), [15021, 80, 443]);
    assert.equal(facts.workloads[0]!.replicas.value, 2);
    assert.deepEqual(ruleIds(analyze([file])), ['HP101', 'HP105']);
  });

  it('values nested under an umbrella chart dependency alias are found; preservation off means no finding', () => {
    const file = fixture('k8s-extra/umbrella/values.yaml');
    const facts = readFile(file);
    assert.deepEqual(facts.services.map((s) => s.name), ['ingress']);
    assert.equal(facts.targetGroups[0]!.preserveClientIp.value, false);
    assert.equal(facts.workloads[0]!.replicas.value, 3);
    assert.deepEqual(ruleIds(analyze([file])), ['HP105'], 'no hairpin finding; the gateway still keeps idle connections past the NLB timeout');
  });

  it('ordinary values files and manifests are not mistaken for gateway values', () => {
    const facts = readFile({ path: 'values.yaml', text: 'service:\n  type: ClusterIP\n  annotations:\n    prometheus.io/scrape: "true"\n' });
    assert.equal(facts.services.length, 0);
  });
});

describe('TargetGroupBinding', () => {
  it('reads the target group reference (the name inside the ARN is inferred) and the Service reference', () => {
    const file = fixture('k8s-extra/binding/k8s/binding.yaml');
    const [b] = readFile(file).targetGroupBindings;
    assert.equal(b!.targetGroupName!.value, 'gateway-tg');
    assert.equal(b!.targetGroupName!.origin, 'inferred');
    assert.equal(b!.serviceName, 'istio-ingressgateway');
    assert.equal(b!.servicePort!.value, 443);
    assert.equal(b!.targetType!.value, 'instance');
  });

  it('joins a target group defined elsewhere to the bound Service, whose traffic policy then counts', () => {
    const binding = readFile(fixture('k8s-extra/binding/k8s/binding.yaml'));
    const service = readFile(fixture('k8s-extra/binding/k8s/service.yaml'));
    const head = { file: 'infra/nlb.tf', start: 0, end: 10 };
    const d = <T>(value: T) => ({ value, origin: 'default' as const, why: 'test', span: head });
    const infra = {
      ...readFile({ path: 'infra/empty.yaml', text: '' }),
      file: 'infra/nlb.tf',
      notices: [],
      loadBalancers: [{ id: 'tf:infra:aws_lb.this', name: 'this', file: 'infra/nlb.tf', head, manager: d('terraform' as const), scheme: d('internal' as const), crossZone: d(true) }],
      targetGroups: [
        { id: 'tf:infra:aws_lb_target_group.gw', loadBalancerId: 'tf:infra:aws_lb.this', file: 'infra/nlb.tf', head, targetType: d('instance' as const), protocol: d('TCP'), preserveClientIp: d(true), proxyProtocolV2: d(false), crossZone: d('inherit' as const), port: d(30443), name: d('gateway-tg') },
      ],
      listeners: [{ id: 'tf:infra:aws_lb_listener.tls', loadBalancerId: 'tf:infra:aws_lb.this', targetGroupId: 'tf:infra:aws_lb_target_group.gw', port: d(443) }],
    };
    const r = analyze([]);
    assert.equal(r.frontends.length, 0);
    const { analyzeFacts } = require('../../server/src/core/analyze') as typeof import('../../server/src/core/analyze');
    const linked = analyzeFacts([infra, binding, service]);
    const f = linked.frontends[0]!.frontend;
    assert.equal(f.service?.name, 'istio-ingressgateway');
    assert.equal(f.trafficPolicy.value, 'Local');
    assert.equal(f.backendPort.value, 8443);
    assert.ok(f.related.some((r) => r.role === 'TargetGroupBinding'));
    assert.equal(linked.findings.find((x) => x.ruleId === 'HP101')?.probabilityExact, '1/3');
  });
});

describe('workloads and cluster inference', () => {
  it('a Deployment selected by the Service sizes its endpoints; the aws-node DaemonSet names the CNI; proxy protocol support is read', () => {
    const file = fixture('k8s-extra/replicas/gateway.yaml');
    const facts = readFile(file);
    const gw = facts.workloads.find((w) => w.name === 'gw')!;
    assert.equal(gw.replicas.value, 6);
    assert.equal(gw.proxyProtocol?.value, 'required');
    assert.deepEqual(facts.clusterHints.map((h) => h.kind === 'cni' && [h.cni.value, h.externalSnat?.value]), [['aws-vpc-cni', false]]);
    const r = analyze([file]);
    const cluster = r.frontends[0]!.cluster;
    assert.equal(cluster.cni.origin, 'inferred');
    // Six replicas over six nodes in three zones: one per node, as a topology spread puts them.
    assert.deepEqual(cluster.endpoints.value, { n1: 1, n2: 1, n3: 1, n4: 1, n5: 1, n6: 1 });
    assert.equal(textAt(file, cluster.endpoints.span!), '6');
  });

  it('.hairpin.yaml wins over what the workspace implies', async () => {
    const { readHairpinConfig } = await import('../../server/src/core/parse/hairpin-config');
    const { overrides } = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster:\n  endpoints: {n1: 1}\n' });
    const r = analyze([fixture('k8s-extra/replicas/gateway.yaml')], { clusterOverrides: overrides });
    assert.deepEqual(r.frontends[0]!.cluster.endpoints.value, { n1: 1 });
    assert.equal(r.frontends[0]!.cluster.endpoints.origin, 'explicit');
  });
});

describe('Gateway API', () => {
  it('an AWS Load Balancer Controller NLB gateway is joined across files: configuration, route, Service, target group configuration', () => {
    const gw = fixture('k8s-extra/gateway-api/gateway.yaml');
    const r = analyze([gw, fixture('k8s-extra/gateway-api/routes.yaml')]);
    assert.equal(r.frontends.length, 1);
    const f = r.frontends[0]!.frontend;
    assert.equal(f.name, 'ingress/edge');
    assert.equal(f.loadBalancer.crossZone.value, true);
    assert.equal(textAt(gw, f.loadBalancer.crossZone.span!), '"true"');
    assert.equal(f.targetGroup.targetType.origin, 'explicit');
    assert.equal(f.service?.name, 'envoy');
    assert.equal(f.targetPort.value, 30443);
    assert.equal(f.backendPort.value, 8443);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
  });

  it('without its GatewayClass in the workspace a gateway is not guessed to be an NLB', () => {
    const text = fixture('k8s-extra/gateway-api/gateway.yaml').text.split('---').slice(1).join('---');
    assert.equal(analyze([{ path: 'g.yaml', text }, fixture('k8s-extra/gateway-api/routes.yaml')]).frontends.length, 0);
  });

  it("Istio's auto-deployed gateway: a <name>-istio LoadBalancer Service from spec.infrastructure.annotations, Cluster policy", () => {
    const file = fixture('k8s-extra/gateway-api/istio-gateway.yaml');
    const facts = readFile(file);
    assert.deepEqual(facts.services.map((s) => [s.name, s.type.value, s.externalTrafficPolicy.value]), [['mesh-ingress-istio', 'LoadBalancer', 'Cluster']]);
    assert.equal(facts.loadBalancers[0]!.scheme.value, 'internal');
    assert.deepEqual(ruleIds(analyze([file])), ['HP101']);
  });
});

describe('umbrella chart', () => {
  it("Chart.yaml's dependency ties the values under its alias to the istio gateway chart (a related location)", () => {
    const r = analyze([fixture('k8s-extra/umbrella/Chart.yaml'), fixture('k8s-extra/umbrella/values.yaml')]);
    const f = r.frontends[0]!.frontend;
    const dep = f.related.find((x) => x.span.file === 'k8s-extra/umbrella/Chart.yaml');
    assert.ok(dep, JSON.stringify(f.related));
    assert.match(dep.role, /chart dependency gateway \(alias ingress\) from https:\/\/istio-release/);
    assert.equal(textAt(fixture('k8s-extra/umbrella/Chart.yaml'), dep.span), 'ingress');
  });
});
