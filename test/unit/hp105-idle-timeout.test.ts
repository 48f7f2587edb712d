import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { sequenceDiagram } from '../../server/src/core/explain/sequence-text';
import { simulate } from '../../server/src/core/simulate/simulate';
import { t1 } from '../../server/src/core/simulate/scenario';
import { applyProposal, fixesOf, parsesCleanly } from '../helpers/fix';
import { fixture, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

const folder = (name: string, ...files: string[]) => files.map((f) => fixture(`idle-timeout/${name}/${f}`));
const replaced = (file: SourceFile, from: string, to: string): SourceFile => {
  assert.ok(file.text.includes(from), `${file.path} has no ${from}`);
  return { ...file, text: file.text.replace(from, to) };
};
const hp105 = (files: readonly SourceFile[]) => analyze(files).findings.filter((f) => f.ruleId === 'HP105');
const ISTIO_ANNOTATIONS = '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n';

/** One case per format that can say the NLB's timeout, with a backend known from its workload, chart values or labels. */
const CASES: { name: string; files: () => SourceFile[]; nlb: number; backend: number; kind: string; evidence: string; span: string; nlbWhy: RegExp; backendWhy: RegExp }[] = [
  { name: 'LBC Service (default 350 s) + Istio gateway Deployment', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), nlb: 350, backend: 3600, kind: 'istio-gateway', evidence: 'workload', span: 'istio-ingressgateway', nlbWhy: /\(default\)/, backendWhy: /Envoy default/ },
  { name: 'LBC listener-attributes annotation (120 s) + ingress-nginx Deployment and ConfigMap keep-alive 300', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), nlb: 120, backend: 300, kind: 'ingress-nginx', evidence: 'workload', span: 'tcp.idle_timeout.seconds=120', nlbWhy: /\(written\)/, backendWhy: /written: ConfigMap ingress-nginx\/ingress-nginx-controller keep-alive/ },
  { name: 'ingress-nginx chart values controller.config.keep-alive 900', files: () => folder('nginx-values', 'values.yaml'), nlb: 350, backend: 900, kind: 'ingress-nginx', evidence: 'chart', span: '"900"', nlbWhy: /\(default\)/, backendWhy: /controller\.config keep-alive/ },
  { name: 'istio/gateway chart values', files: () => folder('istio-values', 'values.yaml'), nlb: 350, backend: 3600, kind: 'istio-gateway', evidence: 'chart', span: 'service', nlbWhy: /\(default\)/, backendWhy: /Envoy default/ },
  { name: 'Service only, with the istio/gateway chart labels', files: () => folder('labels-only', 'service.yaml'), nlb: 350, backend: 3600, kind: 'istio-gateway', evidence: 'labels', span: 'istio-ingressgateway', nlbWhy: /\(default\)/, backendWhy: /Envoy default/ },
  { name: 'Terraform aws_lb_listener tcp_idle_timeout_seconds 600 + Istio gateway NodePort', files: () => folder('terraform', 'main.tf', 'gateway.yaml'), nlb: 600, backend: 3600, kind: 'istio-gateway', evidence: 'workload', span: '600', nlbWhy: /\(written\)/, backendWhy: /Envoy default/ },
  { name: 'CloudFormation ListenerAttributes 600 + Istio gateway NodePort', files: () => folder('cloudformation', 'template.yaml', 'gateway.yaml'), nlb: 600, backend: 3600, kind: 'istio-gateway', evidence: 'workload', span: "'600'", nlbWhy: /\(written\)/, backendWhy: /Envoy default/ },
  { name: 'CDK TypeScript tcpIdleTimeout 600 + Istio gateway NodePort', files: () => folder('cdk-ts', 'stack.ts', 'gateway.yaml'), nlb: 600, backend: 3600, kind: 'istio-gateway', evidence: 'workload', span: 'cdk.Duration.seconds(600)', nlbWhy: /\(written\)/, backendWhy: /Envoy default/ },
];

describe('HP105 idle-timeout in every format that can express it', () => {
  for (const c of CASES) {
    it(`${c.name}: a warning with both timeouts, naming the backend and how it is known`, () => {
      const files = c.files();
      const r = analyze(files);
      const findings = r.findings.filter((f) => f.ruleId === 'HP105');
      assert.equal(findings.length, 1, JSON.stringify(r.findings.map((f) => f.ruleId)));
      const f = findings[0]!;
      assert.equal(f.severity, 'warning', 'intermittent: only connections idle in the window fail');
      assert.equal(f.mode, 'idle-timeout');
      const backend = r.frontends[0]!.frontend.backend;
      assert.deepEqual([backend.kind, backend.evidence, backend.idleTimeoutSeconds?.value], [c.kind, c.evidence, c.backend]);
      assert.ok(f.message.includes(`The NLB drops an idle flow after ${c.nlb} s`), f.message);
      assert.ok(f.message.includes(`keeps idle connections for ${c.backend} s`), f.message);
      assert.ok(f.message.includes(`idle between ${c.nlb} s and ${c.backend} s is reset`), f.message);
      assert.match(f.message, c.nlbWhy);
      assert.match(f.message, c.backendWhy);
      assert.match(f.message, c.evidence === 'workload' ? /identified by its workload/ : c.evidence === 'chart' ? /from .*chart values/ : /known by its labels only: .*istio: ingressgateway/);
      const at = files.find((x) => x.path === f.span.file)!;
      assert.equal(textAt(at, f.span), c.span);
      assert.ok(f.mitigations.some((m) => m.id === 'lower-backend-idle-timeout'));
      assert.ok(f.mitigations.some((m) => m.id === 'raise-listener-idle-timeout'));
    });
  }
});

describe('HP105: no finding when the backend closes first or a keepalive keeps the flow', () => {
  it('the listener raised above the backend (annotation, Terraform, CloudFormation, CDK)', () => {
    const [svc, gw] = folder('k8s-istio', 'service.yaml', 'gateway.yaml');
    const raised = replaced(svc!, ISTIO_ANNOTATIONS, `${ISTIO_ANNOTATIONS}    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-443: tcp.idle_timeout.seconds=3700\n`);
    assert.deepEqual(hp105([raised, gw!]), []);
    const [tf, tfGw] = folder('terraform', 'main.tf', 'gateway.yaml');
    assert.deepEqual(hp105([replaced(tf!, 'tcp_idle_timeout_seconds = 600', 'tcp_idle_timeout_seconds = 6000'), tfGw!]), []);
    const [cfn, cfnGw] = folder('cloudformation', 'template.yaml', 'gateway.yaml');
    assert.deepEqual(hp105([replaced(cfn!, "Value: '600'", "Value: '4000'"), cfnGw!]), []);
    const [cdk, cdkGw] = folder('cdk-ts', 'stack.ts', 'gateway.yaml');
    assert.deepEqual(hp105([replaced(cdk!, 'Duration.seconds(600)', 'Duration.seconds(3601)'), cdkGw!]), []);
  });

  it('the annotation of another port does not change this listener', () => {
    const [svc, gw] = folder('k8s-istio', 'service.yaml', 'gateway.yaml');
    const other = replaced(svc!, ISTIO_ANNOTATIONS, `${ISTIO_ANNOTATIONS}    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80: tcp.idle_timeout.seconds=3700\n`);
    assert.equal(hp105([other, gw!]).length, 1);
  });

  it('the backend lowered below the NLB (ConfigMap keep-alive in seconds or with a unit, chart values, keep-alive off)', () => {
    const [svc, ctl] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    for (const v of ['"60"', '"100s"', '"1m"', '"0"']) assert.deepEqual(hp105([svc!, replaced(ctl!, 'keep-alive: "300"', `keep-alive: ${v}`)]), [], v);
    assert.equal(hp105([svc!, replaced(ctl!, 'keep-alive: "300"', 'keep-alive: "3m"')]).length, 1, '180 s outlives the NLB’s 120 s');
    assert.deepEqual(hp105([svc!, replaced(ctl!, 'keep-alive: "300"', 'keep-alive: "2m"')]), [], 'equal timeouts: the backend closes as the NLB forgets');
    const [values] = folder('nginx-values', 'values.yaml');
    assert.deepEqual(hp105([replaced(values!, 'keep-alive: "900"', 'keep-alive: "300"')]), []);
    assert.deepEqual(hp105([replaced(values!, '    keep-alive: "900"\n', '')]), [], 'nginx default 75 s is within the NLB default 350 s');
  });

  it('ingress-nginx without a keep-alive setting: its 75 s default is under every NLB timeout from 120 s', () => {
    const [svc, ctl] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    const r = analyze([svc!, replaced(ctl!, '  keep-alive: "300"\n', '')]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'HP105'), []);
    const idle = r.frontends[0]!.frontend.backend.idleTimeoutSeconds!;
    assert.deepEqual([idle.value, idle.origin], [75, 'default']);
    assert.match(idle.why!, /keep-alive.*75 s/);
  });

  it('Istio: an EnvoyFilter lowering the gateway idle timeout, or turning on a short TCP keepalive', () => {
    const [svc, gw, idle, keepalive] = folder('k8s-istio', 'service.yaml', 'gateway.yaml', 'envoy-filter.yaml', 'keepalive-filter.yaml');
    const lowered = analyze([svc!, gw!, idle!]);
    assert.deepEqual(lowered.findings.filter((f) => f.ruleId === 'HP105'), []);
    const b = lowered.frontends[0]!.frontend.backend.idleTimeoutSeconds!;
    assert.deepEqual([b.value, b.origin, textAt(idle!, b.span!)], [300, 'explicit', '300s']);
    const kept = analyze([svc!, gw!, keepalive!]);
    assert.deepEqual(kept.findings.filter((f) => f.ruleId === 'HP105'), []);
    assert.equal(kept.frontends[0]!.frontend.backend.tcpKeepaliveSeconds?.value, 300);
    assert.match(kept.frontends[0]!.simulation.idle!.reason, /keepalive every 300 s/);
    // A keepalive that is not shorter than the NLB's timeout does not help; a filter for other pods does not apply.
    assert.equal(hp105([svc!, gw!, replaced(keepalive!, 'int_value: 300', 'int_value: 400')]).length, 1);
    assert.equal(hp105([svc!, gw!, replaced(idle!, 'istio: ingressgateway', 'istio: eastwestgateway')]).length, 1);
    assert.equal(hp105([svc!, gw!, replaced(idle!, 'idle_timeout: 300s', 'idle_timeout: 2h')]).length, 1);
  });

  it('a TCP keepalive shorter than the NLB timeout keeps the flow: no reset, no trace', () => {
    const base = t1({ targetType: 'ip', preserveClientIp: false });
    const kept = simulate({ ...base, idle: { nlbSeconds: 350, nlbFixed: false, backendSeconds: 3600, keepaliveSeconds: 300 } }, ['vpc']);
    assert.equal(kept.idle?.resetOnReuse, false);
    assert.match(kept.idle!.reason, /keepalive every 300 s/);
    assert.equal(kept.idleTrace, undefined);
    const tooLong = simulate({ ...base, idle: { nlbSeconds: 350, nlbFixed: false, backendSeconds: 3600, keepaliveSeconds: 7200 } }, ['vpc']);
    assert.equal(tooLong.idle?.resetOnReuse, true);
    assert.match(tooLong.idle!.reason, /keepalive \(7200 s\) is not shorter/);
  });
});

describe('HP105: backend not known', () => {
  it('an unknown backend behind a written listener timeout is an assumption, not a finding', () => {
    const r = analyze(folder('unknown', 'service.yaml'));
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'HP105'), []);
    const n = r.notices.filter((x) => /HP105/.test(x.message));
    assert.equal(n.length, 1);
    assert.equal(n[0]!.level, 'info');
    assert.match(n[0]!.message, /^Assumed: .*600 s idle timeout\. The backend is not known/);
  });

  it('Traefik (identified, but its idle timeout is not among the facts) is an assumption too', () => {
    const r = analyze([fixture('proxy-protocol/traefik-values/values.yaml')]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'HP105'), []);
    assert.equal(r.frontends[0]!.frontend.backend.kind, 'traefik');
    assert.match(r.notices.find((x) => /HP105/.test(x.message))?.message ?? '', /Traefik is the backend .* not known to Hairpin/);
  });

  it('an unknown backend behind a default listener stays quiet (no notice on every NLB)', () => {
    const [svc] = folder('unknown', 'service.yaml');
    const r = analyze([replaced(svc!, '    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-443: tcp.idle_timeout.seconds=600\n', '')]);
    assert.deepEqual(r.notices.filter((x) => /HP105/.test(x.message)), []);
  });
});

describe('Listener idle timeout: TLS and out-of-range values', () => {
  it('a TLS listener keeps its fixed 350 s; the written value is diagnosed; only the backend fix is offered', () => {
    const files = folder('tls', 'service.yaml', 'gateway.yaml');
    const r = analyze(files);
    const l = r.frontends[0]!.frontend.listener;
    assert.deepEqual([l.protocol?.value, l.idleTimeoutSeconds?.value, l.idleTimeoutSeconds?.origin], ['TLS', 350, 'default']);
    const n = r.notices.find((x) => /does not apply/.test(x.message))!;
    assert.equal(n.level, 'warning');
    assert.equal(textAt(files[0]!, n.span!), 'tcp.idle_timeout.seconds=4000');
    const f = r.findings.find((x) => x.ruleId === 'HP105')!;
    assert.match(f.message, /350 s \(fixed for TLS listeners\)/);
    assert.deepEqual(f.mitigations.map((m) => m.id), ['lower-backend-idle-timeout']);
  });

  it('TLS from a Terraform or CloudFormation listener protocol', () => {
    const [tf, gw] = folder('terraform', 'main.tf', 'gateway.yaml');
    const tls = replaced(tf!, 'protocol                 = "TCP"', 'protocol                 = "TLS"');
    const r = analyze([tls, gw!]);
    assert.equal(r.frontends[0]!.frontend.listener.idleTimeoutSeconds?.value, 350);
    assert.ok(r.notices.some((x) => /does not apply: this listener is TLS/.test(x.message)));
    const [cfn, cgw] = folder('cloudformation', 'template.yaml', 'gateway.yaml');
    const r2 = analyze([replaced(cfn!, '      Protocol: TCP\n      ListenerAttributes', '      Protocol: TLS\n      ListenerAttributes'), cgw!]);
    assert.equal(r2.frontends[0]!.frontend.listener.idleTimeoutSeconds?.value, 350);
    assert.ok(r2.notices.some((x) => /does not apply: this listener is TLS/.test(x.message)));
  });

  it('values outside 60–6000 are errors in every format, and the default is used', () => {
    const [svc, gw] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    const [tf, tfGw] = folder('terraform', 'main.tf', 'gateway.yaml');
    const [cfn, cfnGw] = folder('cloudformation', 'template.yaml', 'gateway.yaml');
    const [cdk, cdkGw] = folder('cdk-ts', 'stack.ts', 'gateway.yaml');
    const workspaces: [string, SourceFile[]][] = [
      ['30', [replaced(svc!, 'seconds=120', 'seconds=30'), gw!]],
      ['6001', [replaced(svc!, 'seconds=120', 'seconds=6001'), gw!]],
      ['59', [replaced(tf!, '= 600', '= 59'), tfGw!]],
      ['7200', [replaced(cfn!, "'600'", "'7200'"), cfnGw!]],
      ['10', [replaced(cdk!, 'seconds(600)', 'seconds(10)'), cdkGw!]],
    ];
    for (const [v, files] of workspaces) {
      const r = analyze(files);
      const n = r.notices.filter((x) => /outside 60–6000 s/.test(x.message));
      assert.equal(n.length, 1, `${v}: ${JSON.stringify(r.notices.map((x) => x.message))}`);
      assert.equal(n[0]!.level, 'error');
      assert.ok(n[0]!.message.includes(`= ${v} is outside`));
      const idle = r.frontends[0]!.frontend.listener.idleTimeoutSeconds!;
      assert.deepEqual([idle.value, idle.origin], [350, 'assumed']);
    }
  });

  it('the boundaries 60 and 6000 are accepted', () => {
    const [svc, gw] = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    for (const v of [60, 6000]) {
      const r = analyze([replaced(svc!, 'seconds=120', `seconds=${v}`), gw!]);
      assert.deepEqual(r.notices.filter((x) => /outside/.test(x.message)), []);
      assert.deepEqual([r.frontends[0]!.frontend.listener.idleTimeoutSeconds?.value, r.frontends[0]!.frontend.listener.idleTimeoutSeconds?.origin], [v, 'explicit']);
    }
  });
});

describe('HP105 trace: the reused connection gets the NLB’s RST', () => {
  for (const scheme of ['internal', 'internet-facing'] as const) {
    it(`${scheme}: the flow expires silently, the client's next segment finds no flow, the NLB answers RST`, () => {
      const s = { ...t1({ targetType: 'ip', preserveClientIp: false, scheme }), idle: { nlbSeconds: 350, nlbFixed: false, backendSeconds: 3600 } };
      const r = simulate(s, ['vpc', 'internet']);
      const trace = r.idleTrace!;
      assert.equal(trace.disposition, 'reset-by-nlb');
      const steps = trace.hops.flatMap((h, i) => h.steps.map((st) => ({ i, h, st })));
      const expired = steps.find((x) => x.st.type === 'flow' && x.st.action === 'expired')!;
      const noFlow = steps.find((x) => x.st.type === 'flow' && x.st.action === 'no-flow')!;
      assert.ok(expired && noFlow && expired.i < noFlow.i);
      assert.equal(expired.h.time - trace.hops.find((h) => h.steps.some((st) => st.type === 'socket' && st.action === 'idle'))!.time, 350_000);
      assert.equal(noFlow.h.kind, 'nlb-node');
      assert.deepEqual(noFlow.h.packet?.flags, ['PSH', 'ACK']);
      // Nothing after the idle period reaches a target: the NLB itself answers.
      assert.ok(!trace.hops.slice(expired.i).some((h) => h.kind === 'backend' || h.kind === 'host'));
      const last = trace.hops[trace.hops.length - 1]!;
      assert.equal(last.kind, 'client');
      assert.deepEqual(last.packet?.flags, ['RST']);
      assert.equal(last.packet?.src.port, 443);
      assert.ok(last.steps.some((st) => st.type === 'socket' && st.action === 'aborted' && /ECONNRESET/.test(st.detail.note)));
      assert.ok(last.time >= 1975_000, 'reused between the two timeouts');
      assert.match(sequenceDiagram(trace), /idle for 350 s: the NLB drops the flow[\s\S]*RST[\s\S]*ECONNRESET/);
    });
  }

  it('no trace and no reset when the backend closes first', () => {
    const r = simulate({ ...t1({ targetType: 'ip', preserveClientIp: false }), idle: { nlbSeconds: 350, nlbFixed: false, backendSeconds: 75 } }, ['vpc']);
    assert.deepEqual([r.idle?.resetOnReuse, r.idleTrace], [false, undefined]);
  });

  it('the finding points at the trace, and the handshakes themselves are untouched', () => {
    const r = analyze(folder('k8s-istio', 'service.yaml', 'gateway.yaml'));
    const f = r.findings.find((x) => x.ruleId === 'HP105')!;
    assert.deepEqual(f.traceRef, { frontendId: r.frontends[0]!.frontend.id, client: 'internet', mode: 'idle-timeout' });
    assert.ok(r.frontends[0]!.simulation.clients.every((c) => c.modes.every((m) => m.mode !== 'idle-timeout')));
  });
});

describe('HP105 fixes: applied and re-analysed', () => {
  const cases: { name: string; files: () => SourceFile[]; fix: string; written: RegExp }[] = [
    { name: 'LBC Service: raise via the listener-attributes annotation', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), fix: 'raise-listener-idle-timeout', written: /aws-load-balancer-listener-attributes\.TCP-443: tcp\.idle_timeout\.seconds=3660/ },
    { name: 'LBC Service: raise by rewriting the written item', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), fix: 'raise-listener-idle-timeout', written: /tcp\.idle_timeout\.seconds=360\n/ },
    { name: 'ingress-nginx ConfigMap: lower keep-alive', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), fix: 'lower-backend-idle-timeout', written: /keep-alive: "70"/ },
    { name: 'ingress-nginx chart values: lower controller.config.keep-alive', files: () => folder('nginx-values', 'values.yaml'), fix: 'lower-backend-idle-timeout', written: /keep-alive: "300"/ },
    { name: 'Terraform: raise tcp_idle_timeout_seconds', files: () => folder('terraform', 'main.tf', 'gateway.yaml'), fix: 'raise-listener-idle-timeout', written: /tcp_idle_timeout_seconds = 3660/ },
    { name: 'CloudFormation: raise the ListenerAttributes value', files: () => folder('cloudformation', 'template.yaml', 'gateway.yaml'), fix: 'raise-listener-idle-timeout', written: /Value: '3660'/ },
    { name: 'CDK TypeScript: raise Duration.seconds', files: () => folder('cdk-ts', 'stack.ts', 'gateway.yaml'), fix: 'raise-listener-idle-timeout', written: /tcpIdleTimeout: cdk\.Duration\.seconds\(3660\)/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const files = c.files();
      const { proposals } = fixesOf(files, 'HP105');
      const p = proposals.find((x) => x.mitigation === c.fix)!;
      assert.ok(p, JSON.stringify(proposals.map((x) => [x.mitigation, x.unavailable])));
      assert.ok(p.edits.length > 0, p.unavailable);
      const after = applyProposal(files, p);
      const changed = after.filter((f, i) => f.text !== files[i]!.text);
      assert.equal(changed.length, 1);
      assert.match(changed[0]!.text, c.written);
      assert.ok(parsesCleanly(changed[0]!));
      assert.deepEqual(hp105(after), []);
    });
  }

  it('an unwritten Terraform timeout is added to the listener block', () => {
    const [tf, gw] = folder('terraform', 'main.tf', 'gateway.yaml');
    const files = [replaced(tf!, '  tcp_idle_timeout_seconds = 600\n', ''), gw!];
    const { proposals } = fixesOf(files, 'HP105');
    const p = proposals.find((x) => x.mitigation === 'raise-listener-idle-timeout')!;
    const after = applyProposal(files, p);
    assert.match(after[0]!.text, /resource "aws_lb_listener" "https" \{[^}]*tcp_idle_timeout_seconds = 3660/);
    assert.deepEqual(hp105(after), []);
  });

  it('an unwritten CloudFormation timeout becomes a ListenerAttributes entry', () => {
    const [cfn, gw] = folder('cloudformation', 'template.yaml', 'gateway.yaml');
    const files = [replaced(cfn!, "      ListenerAttributes:\n        - Key: tcp.idle_timeout.seconds\n          Value: '600'\n", ''), gw!];
    const { proposals } = fixesOf(files, 'HP105');
    const after = applyProposal(files, proposals.find((x) => x.mitigation === 'raise-listener-idle-timeout')!);
    assert.match(after[0]!.text, /ListenerAttributes:\n\s+- Key: tcp\.idle_timeout\.seconds\n\s+Value: ["']?3660["']?/);
    assert.ok(parsesCleanly(after[0]!));
    assert.deepEqual(hp105(after), []);
  });

  it('the Istio gateway’s own timeout is named, not written (an EnvoyFilter)', () => {
    const { proposals } = fixesOf(folder('k8s-istio', 'service.yaml', 'gateway.yaml'), 'HP105');
    const lower = proposals.find((x) => x.mitigation === 'lower-backend-idle-timeout')!;
    assert.deepEqual(lower.edits, []);
    assert.match(lower.unavailable!, /EnvoyFilter .*common_http_protocol_options\.idle_timeout: 300s/);
  });
});

describe('HP105 hover: the written timeouts explain themselves', () => {
  it('the listener-attributes annotation and the ConfigMap keep-alive name both timeouts and the verdict', async () => {
    const { explainAt } = await import('../../server/src/core/explain/explain');
    const files = folder('k8s-nginx', 'service.yaml', 'controller.yaml');
    const r = analyze(files);
    for (const [file, text] of [[files[0]!, 'tcp.idle_timeout.seconds=120'], [files[1]!, '"300"']] as const) {
      const e = explainAt(r, file.path, file.text.indexOf(text) + 1)!;
      assert.ok(e, text);
      const labels = e.values.map((v) => `${v.label}=${String(v.value.value)}`);
      assert.deepEqual(labels, ['NLB idle timeout (s)=120', 'ingress-nginx idle timeout (s)=300']);
      assert.match(e.values[1]!.effect.join(' '), /idle between 120 s .* and 300 s .* reset on reuse.*HP105/);
    }
  });
});
