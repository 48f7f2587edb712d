import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { sequenceDiagram } from '../../server/src/core/explain/sequence-text';
import { simulate } from '../../server/src/core/simulate/simulate';
import { t1 } from '../../server/src/core/simulate/scenario';
import { applyProposal, fixesOf, parsesCleanly } from '../helpers/fix';
import { fixture, ruleIds, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

const folder = (name: string, ...files: string[]) => files.map((f) => fixture(`proxy-protocol/${name}/${f}`));
const replaced = (file: SourceFile, from: string, to: string): SourceFile => {
  assert.ok(file.text.includes(from), `${file.path} has no ${from}`);
  return { ...file, text: file.text.replace(from, to) };
};
const hp104 = (files: readonly SourceFile[]) => analyze(files).findings.filter((f) => f.ruleId === 'HP104');

/** One folder per format that can say both sides: the NLB's setting and the backend as a workload or chart values. */
const CASES: { name: string; files: () => SourceFile[]; nlb: string; backend: string; kind: string; evidence: string }[] = [
  { name: 'Service annotation "*" + ingress-nginx Deployment and ConfigMap', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), nlb: '"*"', backend: '"false"', kind: 'ingress-nginx', evidence: 'workload' },
  { name: 'target-group attribute + Istio gateway Deployment (proxyv2 image)', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), nlb: 'proxy_protocol_v2.enabled=true', backend: '', kind: 'istio-gateway', evidence: 'workload' },
  { name: 'ingress-nginx chart values (DaemonSet)', files: () => folder('nginx-values', 'values.yaml'), nlb: '"*"', backend: '', kind: 'ingress-nginx', evidence: 'chart' },
  { name: 'istio/gateway chart values', files: () => folder('istio-values', 'values.yaml'), nlb: 'proxy_protocol_v2.enabled=true', backend: '', kind: 'istio-gateway', evidence: 'chart' },
  { name: 'traefik chart values', files: () => folder('traefik-values', 'values.yaml'), nlb: '"*"', backend: '', kind: 'traefik', evidence: 'chart' },
  { name: 'Terraform NLB without proxy protocol + ingress-nginx that expects it', files: () => folder('terraform', 'main.tf', 'ingress-nginx.yaml'), nlb: '', backend: '"true"', kind: 'ingress-nginx', evidence: 'workload' },
  { name: 'CloudFormation TargetGroupAttributes + Istio gateway NodePort', files: () => folder('cloudformation', 'template.yaml', 'gateway.yaml'), nlb: "'true'", backend: '', kind: 'istio-gateway', evidence: 'workload' },
  { name: 'CDK TypeScript proxyProtocolV2 + Istio gateway NodePort', files: () => folder('cdk-ts', 'stack.ts', 'gateway.yaml'), nlb: 'true', backend: '', kind: 'istio-gateway', evidence: 'workload' },
  { name: 'CDK Python proxy_protocol_v2 + Istio gateway NodePort', files: () => folder('cdk-py', 'stack.py', 'gateway.yaml'), nlb: 'True', backend: '', kind: 'istio-gateway', evidence: 'workload' },
];

describe('HP104 proxy-protocol-mismatch in every format that can express it', () => {
  for (const c of CASES) {
    it(`${c.name}: an error on the deciding value, naming the backend and how it is known`, () => {
      const files = c.files();
      const r = analyze(files);
      const findings = r.findings.filter((f) => f.ruleId === 'HP104');
      assert.equal(findings.length, 1, JSON.stringify(r.findings.map((f) => f.ruleId)));
      const f = findings[0]!;
      assert.equal(f.severity, 'error');
      assert.equal(f.mode, 'proxy-protocol-mismatch');
      const backend = r.frontends[0]!.frontend.backend;
      assert.deepEqual([backend.kind, backend.evidence], [c.kind, c.evidence]);
      const at = files.find((x) => x.path === f.span.file)!;
      if (c.nlb) assert.equal(textAt(at, f.span), c.nlb);
      else assert.equal(textAt(at, f.span), c.backend, 'the NLB sends nothing by default: the backend’s written setting decides');
      assert.match(f.message, c.evidence === 'workload' ? /identified by its workload/ : /from .* chart values|Chart\.yaml/);
      assert.deepEqual(f.mitigations.map((m) => m.id).sort(), [c.nlb ? 'disable-proxy-protocol' : 'enable-proxy-protocol', 'backend-proxy-protocol'].sort());
    });
  }
});

describe('HP104: no finding when both sides agree', () => {
  it('ingress-nginx ConfigMap use-proxy-protocol "true" with the annotation "*"', () => {
    const [svc, ctl] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    assert.deepEqual(hp104([svc!, replaced(ctl!, 'use-proxy-protocol: "false"', 'use-proxy-protocol: "true"')]), []);
  });

  it('Istio gateway pod annotation gatewayTopology.proxyProtocol (JSON and YAML forms)', () => {
    const [svc, gw] = folder('k8s-istio', 'service.yaml', 'gateway.yaml');
    for (const config of [`'{"gatewayTopology":{"proxyProtocol":{}}}'`, '|\n          gatewayTopology:\n            proxyProtocol: {}']) {
      const files = [svc!, replaced(gw!, 'prometheus.io/scrape: "true"', `proxy.istio.io/config: ${config}`)];
      assert.deepEqual(hp104(files), []);
      assert.equal(analyze(files).frontends[0]!.frontend.backend.proxyProtocol?.value, 'required');
    }
  });

  it('Istio mesh config (the istio ConfigMap) turning proxyProtocol on for every gateway', () => {
    const [svc, gw] = folder('k8s-istio', 'service.yaml', 'gateway.yaml');
    const mesh: SourceFile = { path: 'proxy-protocol/k8s-istio/mesh.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n    defaultConfig:\n      gatewayTopology:\n        proxyProtocol: {}\n' };
    assert.deepEqual(hp104([svc!, gw!, mesh]), []);
  });

  it('IstioOperator meshConfig.defaultConfig.gatewayTopology.proxyProtocol with proxy protocol on the NLB', () => {
    const op: SourceFile = {
      path: 'op.yaml',
      text:
        'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    defaultConfig:\n      gatewayTopology:\n        proxyProtocol: {}\n' +
        '  components:\n    ingressGateways:\n      - name: istio-ingressgateway\n        enabled: true\n        k8s:\n          serviceAnnotations:\n' +
        '            service.beta.kubernetes.io/aws-load-balancer-type: external\n            service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n            service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"\n',
    };
    assert.deepEqual(hp104([op]), []);
    assert.equal(hp104([{ ...op, text: op.text.replace(/  meshConfig:[\s\S]*?proxyProtocol: \{\}\n/, '') }]).length, 1, 'without the mesh config the gateway rejects the header');
  });

  it('chart values: controller.config use-proxy-protocol "true"; traefik proxyProtocol.trustedIPs; no proxy on either side', () => {
    const [nginx] = folder('nginx-values', 'values.yaml');
    assert.deepEqual(hp104([replaced(nginx!, 'use-forwarded-headers: "true"', 'use-proxy-protocol: "true"')]), []);
    const [traefik] = folder('traefik-values', 'values.yaml');
    assert.deepEqual(hp104([replaced(traefik!, 'exposedPort: 443', 'exposedPort: 443\n    proxyProtocol:\n      trustedIPs: [10.0.0.0/16]')]), []);
    assert.deepEqual(hp104([replaced(traefik!, '    service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"\n', '')]), []);
  });

  it('Terraform: proxy_protocol_v2 = true on the target group meets ingress-nginx that expects it', () => {
    const [tf, k8s] = folder('terraform', 'main.tf', 'ingress-nginx.yaml');
    assert.deepEqual(hp104([replaced(tf!, 'protocol = "TCP"\n  vpc_id', 'protocol = "TCP"\n  proxy_protocol_v2 = true\n  vpc_id'), k8s!]), []);
  });
});

describe('HP104: the backend known only by labels, or not at all', () => {
  it('labels of a well-known chart on the Service: the finding says the backend is known by labels only', () => {
    const [svc] = folder('labels-only', 'service.yaml');
    const [f] = hp104([svc!]);
    assert.ok(f);
    assert.match(f.message, /known by its labels only: no workload in the workspace; the Service istio-system\/istio-ingressgateway selects pods labelled istio: ingressgateway/);
    const nginx = replaced(svc!, 'istio: ingressgateway', 'app.kubernetes.io/name: ingress-nginx');
    assert.match(hp104([nginx])[0]!.message, /ingress-nginx does not expect one .*use-proxy-protocol defaults to "false"; its configuration is not in the workspace/);
    const traefik = replaced(svc!, 'istio: ingressgateway', 'app.kubernetes.io/name: traefik');
    assert.equal(analyze([traefik]).frontends[0]!.frontend.backend.kind, 'traefik');
  });

  it('no workload and no known labels: no finding, an info notice on the NLB setting that states the assumption', () => {
    const [svc] = folder('unknown', 'service.yaml');
    const r = analyze([svc!]);
    assert.deepEqual(ruleIds(r), []);
    const notice = r.notices.find((n) => /Assumed: the backend behind edge\/edge-proxy expects the PROXY v2 header/.test(n.message));
    assert.ok(notice);
    assert.equal(notice.level, 'info');
    assert.equal(textAt(svc!, notice.span!), '"*"');
    assert.equal(r.frontends[0]!.frontend.backend.kind, 'unknown');
  });

  it('a workload running an image Hairpin does not know: unknown, with the workload named', () => {
    const [svc, ctl] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    const own = replaced(replaced(ctl!, 'registry.k8s.io/ingress-nginx/controller', 'example.com/our/edge-proxy'), 'app.kubernetes.io/name: ingress-nginx\n        app', 'app.kubernetes.io/name: ours\n        app');
    const svcOwn = replaced(replaced(svc!, 'app.kubernetes.io/name: ingress-nginx', 'app.kubernetes.io/name: ours'), 'ours', 'ours');
    const r = analyze([svcOwn, replaced(own, 'app.kubernetes.io/name: ingress-nginx', 'app.kubernetes.io/name: ours')]);
    assert.deepEqual(ruleIds(r), []);
    assert.match(r.frontends[0]!.frontend.backend.why, /Deployment ingress-nginx-controller runs no image Hairpin knows/);
  });
});

describe('HP104 trace: the handshake completes, then the backend resets', () => {
  it('the representative trace ends with the backend’s RST after the first bytes, in both directions of the mismatch', () => {
    for (const [proxyProtocolV2, backendProxyProtocol, said] of [
      [true, 'rejected', /PROXY v2 header, which this listener does not expect/],
      [false, 'required', /expects a PROXY header first/],
    ] as const) {
      const r = simulate(t1({ proxyProtocolV2, backendProxyProtocol, targetType: 'ip', preserveClientIp: false }), ['pod@n1']);
      const mode = r.clients[0]!.modes.find((m) => m.mode === 'proxy-protocol-mismatch')!;
      assert.equal(mode.probability.toString(), '1');
      const trace = mode.trace;
      assert.equal(trace.disposition, 'reset-by-backend');
      const steps = trace.hops.flatMap((h) => h.steps.map((s) => ({ element: h.element, s })));
      const established = steps.findIndex((x) => x.element === 'client' && x.s.type === 'socket' && x.s.action === 'established');
      const error = steps.findIndex((x) => x.s.type === 'socket' && x.s.action === 'protocol-error');
      const reset = steps.findIndex((x) => x.element === 'client' && x.s.type === 'socket' && x.s.action === 'aborted');
      assert.ok(established >= 0 && established < error && error < reset, 'handshake, then the backend’s error, then the client sees the RST');
      const errorStep = steps[error]!;
      assert.ok(errorStep.element.startsWith('pod:'));
      assert.match(errorStep.s.type === 'socket' ? errorStep.s.detail.note : '', said);
      const last = trace.hops[trace.hops.length - 1]!;
      assert.deepEqual(last.packet?.flags, ['RST', 'ACK']);
      assert.match(sequenceDiagram(trace), /=> reset-by-backend/);
    }
  });

  it('the NLB notes the header it prepends; backends that agree read the request (no extra failure)', () => {
    const ok = simulate(t1({ proxyProtocolV2: true, backendProxyProtocol: 'required', targetType: 'ip', preserveClientIp: false }), ['pod@n1']);
    assert.equal(ok.clients[0]!.failureProbability.toString(), '0');
    const trace = ok.clients[0]!.modes[0]!.trace;
    assert.ok(trace.hops.some((h) => h.steps.some((s) => s.type === 'flow' && /prepends a PROXY v2 header/.test(s.detail.note ?? ''))));
    assert.ok(trace.hops.some((h) => h.steps.some((s) => s.type === 'socket' && s.action === 'data-accepted')));
    const optional = simulate(t1({ proxyProtocolV2: false, backendProxyProtocol: 'optional', targetType: 'ip', preserveClientIp: false }), ['pod@n1']);
    assert.equal(optional.clients[0]!.failureProbability.toString(), '0');
  });

  it('a backend that requires the header also rejects in-cluster callers of its ClusterIP', () => {
    const r = simulate(t1({ proxyProtocolV2: true, backendProxyProtocol: 'required', inClusterCallers: 'service' }), ['pod@n1']);
    assert.equal(r.clients[0]!.modes.find((m) => m.mode === 'proxy-protocol-mismatch')?.probability.toString(), '1');
  });
});

describe('HP104 fixes, applied and re-analysed', () => {
  const cases: { name: string; files: () => SourceFile[]; fix: string; expect: RegExp }[] = [
    { name: 'Service annotation "*" is removed', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), fix: 'disable-proxy-protocol', expect: /^(?![\s\S]*aws-load-balancer-proxy-protocol)/ },
    { name: 'ingress-nginx ConfigMap use-proxy-protocol set to "true"', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), fix: 'backend-proxy-protocol', expect: /use-proxy-protocol: "true"/ },
    { name: 'target-group attribute proxy_protocol_v2.enabled=false', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), fix: 'disable-proxy-protocol', expect: /proxy_protocol_v2\.enabled=false/ },
    { name: 'Istio gateway pod annotation added', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), fix: 'backend-proxy-protocol', expect: /proxy\.istio\.io\/config: '\{"gatewayTopology":\{"proxyProtocol":\{\}\}\}'/ },
    { name: 'ingress-nginx chart values controller.config', files: () => folder('nginx-values', 'values.yaml'), fix: 'backend-proxy-protocol', expect: /config:\n    use-forwarded-headers: "true"\n    use-proxy-protocol: "true"/ },
    { name: 'istio/gateway chart values podAnnotations', files: () => folder('istio-values', 'values.yaml'), fix: 'backend-proxy-protocol', expect: /podAnnotations:\n  proxy\.istio\.io\/config:/ },
    { name: 'Terraform proxy_protocol_v2 = true', files: () => folder('terraform', 'main.tf', 'ingress-nginx.yaml'), fix: 'enable-proxy-protocol', expect: /proxy_protocol_v2 += true/ },
    { name: 'Terraform: ingress-nginx ConfigMap back to "false"', files: () => folder('terraform', 'main.tf', 'ingress-nginx.yaml'), fix: 'backend-proxy-protocol', expect: /use-proxy-protocol: "false"/ },
    { name: 'CloudFormation attribute set to false', files: () => folder('cloudformation', 'template.yaml', 'gateway.yaml'), fix: 'disable-proxy-protocol', expect: /Key: proxy_protocol_v2\.enabled\n\s+Value: 'false'/ },
    { name: 'CDK TypeScript proxyProtocolV2: false', files: () => folder('cdk-ts', 'stack.ts', 'gateway.yaml'), fix: 'disable-proxy-protocol', expect: /proxyProtocolV2: false/ },
    { name: 'CDK Python proxy_protocol_v2=False', files: () => folder('cdk-py', 'stack.py', 'gateway.yaml'), fix: 'disable-proxy-protocol', expect: /proxy_protocol_v2=False/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const files = c.files();
      const { proposals } = fixesOf(files, 'HP104');
      const p = proposals.find((x) => x.mitigation === c.fix);
      assert.ok(p, `no ${c.fix} in ${proposals.map((x) => x.mitigation)}`);
      assert.ok(p.edits.length > 0, p.unavailable);
      const after = applyProposal(files, p);
      const changed = after.filter((f, i) => f.text !== files[i]!.text);
      assert.equal(changed.length, 1);
      assert.ok(parsesCleanly(changed[0]!));
      assert.match(changed[0]!.text, c.expect);
      assert.deepEqual(hp104(after), [], 'the finding is gone after the fix');
    });
  }

  it('a backend the fixes cannot edit (Traefik values) says what to write instead', () => {
    const { proposals } = fixesOf(folder('traefik-values', 'values.yaml'), 'HP104');
    const p = proposals.find((x) => x.mitigation === 'backend-proxy-protocol')!;
    assert.deepEqual(p.edits, []);
    assert.match(p.unavailable!, /proxyProtocol\.trustedIPs/);
  });
});

describe('proxy protocol as an HP101 fix depends on the backend', () => {
  it('offered for an unknown backend (with its condition), never for one that would reject the header', () => {
    const seed = fixture('k8s/seed.yaml');
    const ids = (f: SourceFile) => analyze([f]).findings.find((x) => x.ruleId === 'HP101')!.mitigations.map((m) => m.id);
    assert.ok(!ids(seed).includes('proxy-protocol'), 'the seed’s Istio gateway (istio: ingressgateway) does not read PROXY headers');
    assert.ok(ids(replaced(seed, 'istio: ingressgateway', 'app: edge-gateway')).includes('proxy-protocol'));
    const [, gw] = folder('k8s-istio', 'service.yaml', 'gateway.yaml');
    const accepting = replaced(gw!, 'prometheus.io/scrape: "true"', `proxy.istio.io/config: '{"gatewayTopology":{"proxyProtocol":{}}}'`);
    const svc: SourceFile = { path: 'proxy-protocol/k8s-istio/svc.yaml', text: seed.text.replace('istio: ingressgateway', 'app: istio-ingressgateway') };
    assert.ok(ids(svc).length > 0);
    assert.ok(analyze([svc, accepting]).findings.find((x) => x.ruleId === 'HP101')!.mitigations.some((m) => m.id === 'proxy-protocol'), 'a gateway that expects the header can take it');
  });
});

describe('HP104 with the community alb module’s target_groups', () => {
  it('proxy_protocol_v2 = true in a target_groups entry, in front of the Istio gateway NodePort: a finding on that value', () => {
    const tf = replaced(fixture('terraform/alb-module/main.tf'), 'target_type       = "instance"', 'target_type       = "instance"\n      proxy_protocol_v2 = true');
    const [, gw] = folder('cloudformation', 'template.yaml', 'gateway.yaml');
    const [f] = hp104([tf, gw!]);
    assert.ok(f);
    assert.equal(textAt(tf, f.span), 'true');
    assert.deepEqual(hp104([fixture('terraform/alb-module/main.tf'), gw!]), [], 'without proxy protocol both sides agree');
  });
});
