import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import { explainAt } from '../../server/src/core/explain/explain';
import { frontendAt } from '../../server/src/core/explain/frontend-at';
import { lensesFor } from '../../server/src/core/explain/lens';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { applyProposal, fixesOf, parsesCleanly } from '../helpers/fix';
import { loadBalancerCount, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

const P = 'service.beta.kubernetes.io/';

/** A LoadBalancer Service for the LBC: annotations (short keys) and its `ports` entries as YAML flow maps. */
function service(annotations: Record<string, string>, ports: readonly string[], extra = ''): SourceFile {
  const ann = Object.entries({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-scheme': 'internal', ...annotations })
    .map(([k, v]) => `    ${P}${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return {
    path: 'svc.yaml',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: gw\n  namespace: edge\n  annotations:\n${ann}\nspec:\n  type: LoadBalancer\n  selector:\n    istio: ingressgateway\n${extra}  ports:\n${ports.map((p) => `    - ${p}`).join('\n')}\n`,
  };
}

const HTTP = '{name: http, port: 80, targetPort: 8080, nodePort: 30080}';
const HTTPS = '{name: https, port: 443, targetPort: 8443, nodePort: 30443}';
const STATUS = '{name: status-port, port: 15021, targetPort: 15021, nodePort: 31021}';
const findingsOf = (r: AnalysisResult, rule: string) => r.findings.filter((f) => f.ruleId === rule);
const at = (file: SourceFile, needle: string) => {
  const i = file.text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};

describe('a multi-port Service: one listener and target group per port (kind E)', () => {
  for (const [name, ports, annotations, tgPorts] of [
    ['2 ports, instance targets: each target group on its NodePort', [HTTP, HTTPS], {}, [30443, 30080]],
    ['3 ports, instance targets', [STATUS, HTTP, HTTPS], {}, [30443, 31021, 30080]],
    ['3 ports, ip targets: each target group on its targetPort', [STATUS, HTTP, HTTPS], { 'aws-load-balancer-nlb-target-type': 'ip' }, [8443, 15021, 8080]],
  ] as const) {
    it(name, () => {
      const r = analyze([service(annotations, ports)]);
      assert.equal(loadBalancerCount(r), 1);
      assert.equal(r.frontends.length, ports.length);
      assert.deepEqual(r.frontends.map((a) => a.frontend.targetGroup.port?.value), tgPorts, '443 first: it speaks for the Service');
      assert.equal(new Set(r.frontends.map((a) => a.frontend.targetGroup.id)).size, ports.length);
      assert.deepEqual(
        r.frontends.map((a) => [a.frontend.listener.port.value, a.frontend.backendPort.value]),
        r.frontends.map((a) => [a.frontend.servicePort!.port.value, a.frontend.servicePort!.targetPort.value]),
      );
    });
  }

  it('all ports give the same verdict: one finding per rule, on the Service’s deciding value, naming every port', () => {
    for (const ports of [[HTTP, HTTPS], [STATUS, HTTP, HTTPS]]) {
      const file = service({ 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' }, ports);
      const r = analyze([file]);
      for (const rule of ['HP101', 'HP103', 'HP105']) {
        const fs = findingsOf(r, rule);
        assert.equal(fs.length, 1, `${rule} ×${fs.length}`);
        assert.match(fs[0]!.message, ports.length === 2 ? /every port of the Service.*: 80 \(http\) and 443 \(https\)\.$/ : /: 15021 \(status-port\), 80 \(http\) and 443 \(https\)\.$/);
      }
      assert.equal(textAt(file, findingsOf(r, 'HP101')[0]!.span), 'preserve_client_ip.enabled=true');
      assert.equal(textAt(file, findingsOf(r, 'HP103')[0]!.span), 'load_balancing.cross_zone.enabled=true');
    }
  });

  it('target-group-attributes.<port> applies to that port only: the verdicts differ, one finding per port, on the port', () => {
    for (const [ports, off, on] of [
      [[HTTP, HTTPS], '443', ['80']],
      [[STATUS, HTTP, HTTPS], '80', ['15021', '443']],
    ] as const) {
      const file = service({ [`aws-load-balancer-target-group-attributes.${off}`]: 'preserve_client_ip.enabled=false' }, ports);
      const r = analyze([file]);
      const preserve = Object.fromEntries(r.frontends.map((a) => [String(a.frontend.listener.port.value), a.frontend.targetGroup.preserveClientIp.value]));
      assert.equal(preserve[off], false);
      for (const p of on) assert.equal(preserve[p], true);
      const hp101 = findingsOf(r, 'HP101');
      assert.deepEqual(hp101.map((f) => /^Port (\d+)/.exec(f.message)?.[1]).sort(), [...on].sort());
      for (const f of hp101) assert.equal(textAt(file, f.span), /^Port (\d+)/.exec(f.message)![1], 'on that port’s own entry');
    }
  });

  it('listener-attributes.TCP-<port> sets that listener’s idle timeout only (HP105 per port)', () => {
    // 443 keeps idle flows longer than Envoy (3600 s): no HP105 there; 80 keeps the 350 s default.
    const one = service({ 'aws-load-balancer-listener-attributes.TCP-443': 'tcp.idle_timeout.seconds=4000' }, [HTTP, HTTPS]);
    const r1 = analyze([one]);
    const idle = Object.fromEntries(r1.frontends.map((a) => [a.frontend.listener.port.value, a.frontend.listener.idleTimeoutSeconds?.value]));
    assert.deepEqual(idle, { 80: 350, 443: 4000 });
    const hp105 = findingsOf(r1, 'HP105');
    assert.equal(hp105.length, 1);
    assert.match(hp105[0]!.message, /^Port 80 \(http\)/);
    assert.equal(textAt(one, hp105[0]!.span), '80', 'the default applies to port 80: the finding sits on its port entry');
    // Two written timeouts, two windows: a finding each, on its own annotation.
    const two = service({ 'aws-load-balancer-listener-attributes.TCP-80': 'tcp.idle_timeout.seconds=120', 'aws-load-balancer-listener-attributes.TCP-443': 'tcp.idle_timeout.seconds=600' }, [STATUS, HTTP, HTTPS]);
    const r2 = analyze([two]);
    const windows = findingsOf(r2, 'HP105').map((f) => [/^Port (\d+)/.exec(f.message)?.[1], f.idleWindow?.fromSeconds, textAt(two, f.span)]);
    assert.deepEqual(windows.sort(), [['15021', 350, '15021'], ['443', 600, 'tcp.idle_timeout.seconds=600'], ['80', 120, 'tcp.idle_timeout.seconds=120']]);
  });

  it('a TLS port among TCP ones: only the ssl-ports listener is TLS, with its fixed 350 s idle timeout', () => {
    const file = service(
      {
        'aws-load-balancer-ssl-cert': 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        'aws-load-balancer-ssl-ports': 'https',
        'aws-load-balancer-listener-attributes.TCP-80': 'tcp.idle_timeout.seconds=4000',
        'aws-load-balancer-listener-attributes.TCP-15021': 'tcp.idle_timeout.seconds=4000',
      },
      [STATUS, HTTP, HTTPS],
    );
    const r = analyze([file]);
    const listeners = Object.fromEntries(r.frontends.map((a) => [a.frontend.listener.port.value, [a.frontend.listener.protocol?.value, a.frontend.listener.idleTimeoutSeconds?.value]]));
    assert.deepEqual(listeners, { 80: ['TCP', 4000], 443: ['TLS', 350], 15021: ['TCP', 4000] });
    const hp105 = findingsOf(r, 'HP105');
    assert.equal(hp105.length, 1);
    assert.match(hp105[0]!.message, /^Port 443 \(https\).*fixed for TLS listeners/);
  });

  it('proxy-protocol-per-target-group turns PROXY v2 on for the listed ports only; "*" wins for all', () => {
    const listed = service({ 'aws-load-balancer-proxy-protocol-per-target-group': '443' }, [HTTP, HTTPS]);
    const r = analyze([listed]);
    assert.deepEqual(Object.fromEntries(r.frontends.map((a) => [a.frontend.listener.port.value, a.frontend.targetGroup.proxyProtocolV2.value])), { 80: false, 443: true });
    const hp104 = findingsOf(r, 'HP104');
    assert.equal(hp104.length, 1, 'the Istio gateway does not expect the header: only port 443 breaks');
    assert.match(hp104[0]!.message, /^Port 443 \(https\)/);
    const star = analyze([service({ 'aws-load-balancer-proxy-protocol-per-target-group': '443', 'aws-load-balancer-proxy-protocol': '*' }, [STATUS, HTTP, HTTPS])]);
    assert.ok(star.frontends.every((a) => a.frontend.targetGroup.proxyProtocolV2.value));
    assert.equal(findingsOf(star, 'HP104').length, 1);
    assert.match(findingsOf(star, 'HP104')[0]!.message, /every port of the Service/);
  });

  it('the trace for a position on a port entry is that port’s; elsewhere in the Service, the worst port’s', () => {
    const file = service({ 'aws-load-balancer-target-group-attributes.443': 'preserve_client_ip.enabled=false' }, [STATUS, HTTP, HTTPS]);
    const r = analyze([file]);
    for (const [needle, port] of [['port: 443', 443], ['port: 80', 80], ['name: status-port', 15021]] as const) {
      assert.equal(frontendAt(r, file.path, at(file, needle) + 2)?.frontend.listener.port.value, port, needle);
    }
    const onScheme = frontendAt(r, file.path, at(file, 'aws-load-balancer-scheme') + 3)!;
    assert.notEqual(onScheme.frontend.listener.port.value, 443, 'port 443 has preservation off: the worst is another port');
    assert.ok(onScheme.simulation.clients.some((c) => !c.failureProbability.isZero()));
    const lens = lensesFor(r, file.path);
    assert.equal(lens.length, 1, 'one lens per NLB');
    assert.equal(lens[0]!.frontendId, onScheme.frontend.id);
    // Hover on a listener's own annotation explains that listener.
    const idleFile = service({ 'aws-load-balancer-listener-attributes.TCP-80': 'tcp.idle_timeout.seconds=120' }, [HTTP, HTTPS]);
    const e = explainAt(analyze([idleFile]), idleFile.path, at(idleFile, 'listener-attributes.TCP-80') + 5);
    assert.equal(e?.analysis?.frontend.listener.port.value, 80);
  });

  it('quick fixes of the one finding for all ports fix every port', () => {
    for (const ports of [[HTTP, HTTPS], [STATUS, HTTP, HTTPS]]) {
      const files = [service({}, ports)];
      const { proposals, finding } = fixesOf(files, 'HP101');
      assert.match(finding.message, /every port of the Service/);
      const fix = proposals.find((p) => p.mitigation === 'disable-preservation' && p.edits.length > 0);
      assert.ok(fix, JSON.stringify(proposals.map((p) => [p.mitigation, p.unavailable])));
      const fixed = applyProposal(files, fix);
      assert.ok(parsesCleanly(fixed[0]!));
      const after = analyze(fixed);
      assert.equal(findingsOf(after, 'HP101').length, 0);
      assert.ok(after.frontends.every((a) => a.frontend.targetGroup.preserveClientIp.value === false));
    }
  });

  it('Istio installs map the same way: IstioOperator k8s.service.ports, istio/gateway values service.ports, Gateway API listeners', () => {
    const operator: SourceFile = {
      path: 'operator.yaml',
      text: `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  components:
    ingressGateways:
      - name: istio-ingressgateway
        enabled: true
        k8s:
          serviceAnnotations:
            ${P}aws-load-balancer-type: external
            ${P}aws-load-balancer-scheme: internal
            ${P}aws-load-balancer-listener-attributes.TCP-443: tcp.idle_timeout.seconds=4000
          service:
            ports:
              - {name: http2, port: 80, targetPort: 8080}
              - {name: https, port: 443, targetPort: 8443}
`,
    };
    const values: SourceFile = {
      path: 'values.yaml',
      text: `replicaCount: 2
service:
  type: LoadBalancer
  annotations:
    ${P}aws-load-balancer-type: external
    ${P}aws-load-balancer-scheme: internal
  ports:
    - {name: status-port, port: 15021, targetPort: 15021}
    - {name: http2, port: 80, targetPort: 80}
    - {name: https, port: 443, targetPort: 443}
`,
    };
    const gateway: SourceFile = {
      path: 'gateway.yaml',
      text: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: mesh-ingress
  namespace: istio-ingress
spec:
  gatewayClassName: istio
  infrastructure:
    annotations:
      ${P}aws-load-balancer-type: external
      ${P}aws-load-balancer-scheme: internal
  listeners:
    - {name: http, port: 80, protocol: HTTP}
    - {name: https, port: 443, protocol: HTTPS}
`,
    };
    for (const [file, ports] of [[operator, [443, 80]], [values, [443, 15021, 80]], [gateway, [443, 80]]] as const) {
      const r = analyze([file]);
      assert.equal(loadBalancerCount(r), 1, file.path);
      assert.deepEqual(r.frontends.map((a) => a.frontend.listener.port.value), ports, file.path);
      const hp101 = findingsOf(r, 'HP101');
      assert.equal(hp101.length, 1, `${file.path}: the hairpin is the same on every port`);
      assert.match(hp101[0]!.message, /every port of the Service/);
    }
    // The operator's 443 listener keeps idle flows longer than Envoy: HP105 is port 80's alone.
    const hp105 = findingsOf(analyze([operator]), 'HP105');
    assert.equal(hp105.length, 1);
    assert.match(hp105[0]!.message, /^Port 80 \(http2\)/);
  });

  it('a single-port Service is unchanged: one frontend, no port named in the message', () => {
    const r = analyze([service({}, [HTTPS])]);
    assert.equal(r.frontends.length, 1);
    assert.ok(r.frontends[0]!.frontend.targetGroup.id.endsWith('/tg'));
    assert.ok(findingsOf(r, 'HP101').every((f) => !/every port|^Port /.test(f.message)));
  });
});
