import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { RULES } from '../../server/src/core/rules/registry';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

/** Kind 1: sizes and counts taken from the workspace are numbers in the model, never arrays of that length. */

const seed = fixture('k8s/seed.yaml');
const deployment = (replicas: string) => ({
  path: 'k8s/gateway-deployment.yaml',
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istio-ingressgateway, namespace: istio-system}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {istio: ingressgateway}\n`,
});
const config = (text: string) => readHairpinConfig({ path: '.hairpin.yaml', text }).overrides;
const hp101 = (r: ReturnType<typeof analyze>) => r.findings.find((f) => f.ruleId === 'HP101')?.probabilityExact;

/** Runs `fn` and fails when it takes longer than `ms`: the cost must not grow with the count. */
function quick<T>(ms: number, fn: () => T): T {
  const start = performance.now();
  const out = fn();
  assert.ok(performance.now() - start < ms, `took ${Math.round(performance.now() - start)} ms`);
  return out;
}

describe('counts from the workspace (kind 1)', () => {
  before(() => initTestGrammars());

  for (const replicas of ['1000000', '100000000', '9007199254740991']) {
    it(`a Deployment with ${replicas} replicas is simulated in classes, with every finding kept`, () => {
      const r = quick(3000, () => analyze([seed, deployment(replicas)]));
      // Every node runs a gateway pod: the NLB can still pick the caller's own node (1 in 6).
      assert.equal(hp101(r), '1/6');
      assert.ok(r.findings.some((f) => f.ruleId === 'HP103'));
    });
  }

  for (const [count, expected] of [
    [1_000_000, '1/1000000'],
    [100_000_000, '1/100000000'],
    [3_000, '1/3000'],
  ] as const) {
    it(`.hairpin.yaml zone-a: ${count} is exact: a pod on a node without a gateway pod hairpins 1 in ${count}`, () => {
      const overrides = config(`cluster:\n  zones: {zone-a: ${count}}\n`);
      assert.equal(overrides.zones!.value[0]!.nodes.length, 100);
      const r = quick(3000, () => analyze([seed], { clusterOverrides: overrides }));
      assert.equal(hp101(r), expected);
    });
  }

  for (const size of ['100000000', '1000000', '4000000000']) {
    it(`an EKS node group with desired_size = ${size} is counted, not listed`, () => {
      const tf = { path: 'eks/main.tf', text: `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    big = { desired_size = ${size} }\n  }\n}\n` };
      const r = quick(3000, () => analyze([tf, seed]));
      const zones = r.frontends[0]!.cluster.zones.value;
      assert.equal(zones.reduce((n, z) => n + z.nodes.length + (z.unnamed ?? 0), 0), Number(size));
      assert.equal(hp101(r), `1/${BigInt(Number(size))}`);
    });
  }

  // Kubernetes rejects these; Hairpin warns on the value and uses the default (one replica), never a silent 0 or a float.
  const OPERATOR = fixture('k8s-extra/operator/istio-operator.yaml');
  const CHART = fixture('k8s-extra/chart/values.yaml');
  for (const [what, written, file] of [
    ['Deployment spec.replicas', '-5', deployment('-5')],
    ['Deployment spec.replicas', '1.5', deployment('1.5')],
    ['Deployment spec.replicas', '.nan', deployment('.nan')],
    ['Deployment spec.replicas', '-.inf', deployment('-.inf')],
    ['Deployment spec.replicas', 'lots', deployment('lots')],
    ['Deployment spec.replicas', '[3]', deployment('[3]')],
    ['IstioOperator k8s.replicaCount', '-3', { ...OPERATOR, text: OPERATOR.text.replace('replicaCount: 3', 'replicaCount: -3') }],
    ['IstioOperator k8s.replicaCount', '.inf', { ...OPERATOR, text: OPERATOR.text.replace('replicaCount: 3', 'replicaCount: .inf') }],
    ['istio/gateway chart replicaCount', '2.5', { ...CHART, text: CHART.text.replace('replicaCount: 2', 'replicaCount: 2.5') }],
  ] as const) {
    it(`${what}: ${written} is a warning on the value, and the default replica count applies`, () => {
      const files = file.path.includes('operator') || file.path.includes('chart') ? [file] : [seed, file];
      const r = analyze(files);
      const n = r.notices.find((x) => /is not a whole number of replicas \(0 or more\); using 1 /.test(x.message));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'warning');
      assert.equal(file.text.slice(n.span!.start, n.span!.end), written);
      assert.ok(n.message.includes(`${written.startsWith('[') ? 'a list' : written} is not`), n.message);
      const expected = analyze(files.map((f) => (f === file ? { ...f, text: f.text.replace(written, '1') } : f)));
      assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.probabilityExact}`), expected.findings.map((f) => `${f.ruleId} ${f.probabilityExact}`));
    });
  }

  for (const [what, written, file] of [
    ['Deployment spec.replicas', '1e308', deployment('1e308')],
    ['Deployment spec.replicas', '99999999999999999999999', deployment('99999999999999999999999')],
    ['istio/gateway chart replicaCount', '1e308', { ...CHART, text: CHART.text.replace('replicaCount: 2', 'replicaCount: 1e308') }],
  ] as const) {
    it(`${what}: ${written} is capped at 2^53 - 1 with a warning that names both, and probabilities stay exact`, () => {
      const r = quick(3000, () => analyze(file.path.includes('chart') ? [file] : [seed, file]));
      const n = r.notices.find((x) => x.message.includes('more than Hairpin counts exactly'));
      assert.ok(n?.message.includes(`${written} replicas`) && n.message.includes('9007199254740991'), JSON.stringify(r.notices));
      // Before the cap, 1e308 replicas gave 40083367200179453/240500203201076736 (a float's error, not 1/6).
      assert.ok(r.findings.filter((f) => f.ruleId === 'HP101').every((f) => f.probabilityExact === '1/6'), JSON.stringify(r.findings.map((f) => f.probabilityExact)));
    });
  }

  for (const [size, message, expected] of [
    ['-3', /desired_size: -3 is not a whole number of nodes \(0 or more\); using 1/, '1/2'],
    ['1e308', /desired_size: 1e\+308 nodes is more than Hairpin counts exactly; using the cap, 9007199254740991/, '1/9007199254740991'],
    ['1e20', /desired_size: 100000000000000000000 nodes is more than Hairpin counts exactly/, '1/9007199254740991'],
    ['2.5', /desired_size: 2.5 is not a whole number of nodes/, '1/2'],
  ] as const) {
    it(`an EKS node group with desired_size = ${size} warns on the value (HCL exponents are numbers, not syntax errors)`, () => {
      const tf = { path: 'eks/main.tf', text: `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    big = { desired_size = ${size} }\n    small = {}\n  }\n}\n` };
      const r = quick(3000, () => analyze([tf, seed]));
      assert.deepEqual(r.notices.filter((n) => /syntax error/i.test(n.message)), []);
      const n = r.notices.find((x) => message.test(x.message));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(tf.text.slice(n.span!.start, n.span!.end), size);
      assert.equal(hp101(r), expected);
    });
  }

  it('a DaemonSet backend on a counted cluster runs one pod on every node, the unnamed ones too', () => {
    const ds = { path: 'k8s/ds.yaml', text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: gw, namespace: istio-system}\nspec:\n  template:\n    metadata:\n      labels: {istio: ingressgateway}\n' };
    const r = quick(3000, () => analyze([seed, ds], { clusterOverrides: config('cluster:\n  zones: {a: 500000, b: 500000}\n') }));
    assert.equal(hp101(r), '1/1000000');
  });

  it('more zones or clients than the engine simulates are capped, with a notice naming the value and the cap', () => {
    const zones = Array.from({ length: 40 }, (_, i) => `z${i}: 1`).join(', ');
    const notices = readHairpinConfig({ path: '.hairpin.yaml', text: `cluster:\n  zones: {${zones}}\n` }).notices;
    assert.ok(notices.some((n) => /40 zones.*at most 32/.test(n.message) && n.span), JSON.stringify(notices));
    const clients = Array.from({ length: 70 }, () => 'vpc').join(', ');
    const c = readHairpinConfig({ path: '.hairpin.yaml', text: `clients: [${clients}]\n` });
    assert.equal(c.cluster.clients.value.length, 64);
    assert.ok(c.notices.some((n) => /70 locations.*at most 64/.test(n.message)));
  });

  it('an exception while analysing one frontend becomes a notice on it; the other findings are still reported', () => {
    const other = { path: 'k8s/other.yaml', text: seed.text.replace('name: istio-ingressgateway', 'name: other-gateway') };
    const boom = { meta: { ...RULES[0]!.meta, id: 'HP999' }, check: (a: { frontend: { name: string } }) => (a.frontend.name.includes('other') ? (() => { throw new RangeError('boom'); })() : []) };
    (RULES as unknown as object[]).push(boom);
    try {
      const r = analyze([seed, other]);
      assert.ok(r.findings.some((f) => f.span.file === seed.path && f.ruleId === 'HP101'));
      assert.ok(!r.findings.some((f) => f.span.file === other.path));
      const n = r.notices.find((x) => x.file === other.path);
      assert.match(n!.message, /Internal error while analysing .*boom/);
      assert.ok(n!.span);
    } finally {
      (RULES as unknown as object[]).pop();
    }
  });
});

describe('ports out of range (kind 1)', () => {
  before(() => initTestGrammars());
  const seedPort = (key: string, value: string) => ({ ...seed, text: seed.text.replace('targetPort: 8443', key === 'port' ? 'targetPort: 8443' : `${key === 'targetPort' ? '' : 'targetPort: 8443\n      '}${key}: ${value}`).replace('port: 443', key === 'port' ? `port: ${value}` : 'port: 443') });
  for (const key of ['port', 'targetPort', 'nodePort']) {
    for (const value of ['99999999999', '65536', '0', '-1', '1e308', '.inf']) {
      it(`a Service's ${key}: ${value} is a warning on the value (Kubernetes rejects it)`, () => {
        const file = seedPort(key, value);
        const r = analyze([file]);
        const n = r.notices.find((x) => x.message.startsWith(`${key}: ${value} is not a port number from 1 to 65535; Kubernetes rejects this Service`));
        assert.ok(n, JSON.stringify(r.notices.map((x) => x.message)));
        assert.equal(file.text.slice(n.span!.start, n.span!.end), value);
      });
    }
  }

  it('a Service with more ports than the engine simulates is cut at the cap, with a warning naming the count and the cap', () => {
    const ports = Array.from({ length: 1500 }, (_, i) => `    - {name: p${i}, port: ${1000 + i}, targetPort: ${2000 + i}}`).join('\n');
    const file = { ...seed, text: seed.text.replace(/ {2}ports:\n[\s\S]*/, `  ports:\n${ports}\n`) };
    const r = analyze([file]);
    const n = r.notices.find((x) => /lists 1500 ports; Hairpin simulates the first 1000/.test(x.message));
    assert.ok(n, JSON.stringify(r.notices.map((x) => x.message)));
    assert.equal(file.text.split('\n')[file.text.slice(0, n.span!.start).split('\n').length - 1]!.trim(), '- {name: p1000, port: 2000, targetPort: 3000}');
    assert.equal(new Set(r.frontends.map((f) => f.frontend.listener.port.value)).size, 1000);
  });

  it('a Gateway listener port out of range is a warning on the value too', () => {
    const files = ['gateway.yaml', 'routes.yaml'].map((f) => fixture(`k8s-extra/gateway-api/${f}`));
    const gw = files[0]!;
    const bad = { ...gw, text: gw.text.replace(/port: \d+/, 'port: 70000') };
    const r = analyze([bad, files[1]!]);
    const n = r.notices.find((x) => x.message.startsWith('port: 70000 is not a port number from 1 to 65535; the Gateway API rejects this listener'));
    assert.ok(n, JSON.stringify(r.notices.map((x) => x.message)));
    assert.equal(bad.text.slice(n.span!.start, n.span!.end), '70000');
  });

  it('a targetPort that names a container port is not a port number to check', () => {
    const r = analyze([seedPort('targetPort', 'https')]);
    assert.deepEqual(r.notices.filter((n) => /port number/.test(n.message)), []);
  });

  const tf = (listener: string, tg: string) => ({
    path: 'lb/main.tf',
    text: `resource "aws_lb" "x" {\n  load_balancer_type = "network"\n  internal = true\n}\nresource "aws_lb_target_group" "x" {\n  port = ${tg}\n  protocol = "TCP"\n}\nresource "aws_lb_listener" "x" {\n  load_balancer_arn = aws_lb.x.arn\n  port = ${listener}\n  protocol = "TCP"\n  default_action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.x.arn\n  }\n}\n`,
  });
  for (const value of ['99999999999', '65536', '0', '-1', '1e308']) {
    it(`Terraform port = ${value} on a listener and a target group: a warning on each value that names the range`, () => {
      const file = tf(value, value);
      const r = analyze([file]);
      const warned = r.notices.filter((n) => /is not a port number from 1 to 65535/.test(n.message));
      assert.equal(warned.length, 2, JSON.stringify(r.notices.map((n) => n.message)));
      for (const n of warned) assert.equal(file.text.slice(n.span!.start, n.span!.end), value);
      assert.deepEqual(r.frontends.map((f) => f.frontend.listener.port.value), [443]);
    });
  }
});
