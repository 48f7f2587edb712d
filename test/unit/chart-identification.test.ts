import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

const files = (...paths: string[]) => paths.map((p) => fixture(`charts/${p}`));
const values = (text: string, path = 'values.yaml'): SourceFile => ({ path, text });
const LBC = '      service.beta.kubernetes.io/aws-load-balancer-type: external\n      service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n';

/** Each client's failure probability and modes, as the plain-manifest twin must give them too. */
function outcome(r: AnalysisResult): string[] {
  return r.frontends.flatMap((a) => a.simulation.clients.map((c) => `${c.location}: ${c.modes.map((m) => `${m.mode} ${m.probability}`).join(', ')}`));
}

describe('kind C: a chart is identified by evidence, not by where annotations sit', () => {
  it('ingress-nginx values with controller.kind DaemonSet: a backend on every node, the same outcome as the plain-manifest twin', () => {
    const chart = analyze(files('ingress-nginx/values.yaml'));
    const twin = analyze(files('ingress-nginx/twin-manifests.yaml'));
    const f = chart.frontends[0]!;
    assert.equal(f.frontend.backend.kind, 'ingress-nginx');
    assert.equal(f.frontend.backend.evidence, 'chart');
    assert.match(f.cluster.endpoints.why!, /DaemonSet .* runs one pod per node/);
    assert.deepEqual(f.cluster.endpoints.value, { n1: 1, n2: 1, n3: 1, n4: 1, n5: 1, n6: 1 });
    assert.deepEqual(outcome(chart), outcome(twin));
    assert.deepEqual(chart.findings.map((x) => [x.ruleId, x.probabilityExact]), [['HP101', '1/6']]);
    assert.deepEqual(twin.findings.map((x) => [x.ruleId, x.probabilityExact]), [['HP101', '1/6']]);
    // The twin knows the backend from its workload; the chart from its values.
    assert.deepEqual([twin.frontends[0]!.frontend.backend.kind, twin.frontends[0]!.frontend.backend.evidence], ['ingress-nginx', 'workload']);
  });

  it('every in-cluster client fails 1 in 6 on T1 with the DaemonSet, wherever it runs', () => {
    const clients = { value: ['pod@n1', 'pod@n2', 'pod@n4', 'host@n3'] as const, origin: 'assumed' as const, why: 'test' };
    for (const f of [files('ingress-nginx/values.yaml'), files('ingress-nginx/twin-manifests.yaml')]) {
      const r = analyze(f, { clusterOverrides: { clients: { ...clients, value: [...clients.value] } } });
      assert.deepEqual(
        r.frontends[0]!.simulation.clients.map((c) => [c.location, c.failureProbability.toString()]),
        [['pod@n1', '1/6'], ['pod@n2', '1/6'], ['pod@n4', '1/6'], ['host@n3', '1/6']],
      );
    }
  });

  it('controller.replicaCount sizes a Deployment; controller.service.externalTrafficPolicy is read', () => {
    const r = analyze([values(`controller:\n  replicaCount: 2\n  service:\n    externalTrafficPolicy: Local\n    annotations:\n  ${LBC.replace(/\n      /g, '\n        ')}`)]);
    const f = r.frontends[0]!;
    assert.equal(f.frontend.trafficPolicy.value, 'Local');
    assert.match(f.cluster.endpoints.why!, /2 replica\(s\) of Deployment ingress-nginx-controller/);
  });

  it('umbrella chart: the Chart.yaml dependency (name ingress-nginx, alias edge) names the backend', () => {
    const [chart, vals] = files('umbrella-nginx/Chart.yaml', 'umbrella-nginx/values.yaml');
    const r = analyze([chart!, vals!]);
    const b = r.frontends[0]!.frontend.backend;
    assert.deepEqual([b.kind, b.evidence], ['ingress-nginx', 'chart']);
    assert.match(b.why, /Chart\.yaml dependency ingress-nginx \(alias edge\)/);
    assert.equal(textAt(chart!, b.span!), 'edge');
    assert.match(r.frontends[0]!.cluster.endpoints.why!, /4 replica\(s\)/);
  });

  it('ambiguous values (only service.annotations): a notice and an unknown backend, not a guess; a Chart.yaml dependency decides', () => {
    const alone = analyze(files('umbrella-ambiguous/values.yaml'));
    assert.ok(alone.notices.some((n) => /Cannot tell which chart the values under "edge" are for/.test(n.message)));
    assert.equal(alone.frontends[0]!.frontend.backend.kind, 'unknown');
    assert.match(alone.frontends[0]!.frontend.backend.why, /is not known/);
    const decided = analyze(files('umbrella-ambiguous/Chart.yaml', 'umbrella-ambiguous/values.yaml'));
    assert.deepEqual([decided.frontends[0]!.frontend.backend.kind, decided.frontends[0]!.frontend.backend.evidence], ['traefik', 'chart']);
    const top = analyze([values(`service:\n  annotations:\n${LBC.replace(/      /g, '    ')}`)]);
    assert.ok(top.notices.some((n) => /Cannot tell which chart these values are for/.test(n.message)));
    assert.equal(top.frontends[0]!.frontend.backend.kind, 'unknown');
  });

  it('bare values of each shape: istio/gateway, ingress-nginx, traefik', () => {
    const cases: [SourceFile, string, string][] = [
      [fixture('k8s-extra/chart/values.yaml'), 'istio-gateway', 'Deployment'],
      [fixture('charts/ingress-nginx/values.yaml'), 'ingress-nginx', 'DaemonSet'],
      [fixture('charts/traefik/values.yaml'), 'traefik', 'DaemonSet'],
      [values(`replicaCount: 2\nservice:\n  annotations:\n${LBC.replace(/      /g, '    ')}`), 'istio-gateway', 'Deployment'],
      [values(`deployment:\n  replicas: 2\nservice:\n  annotations:\n${LBC.replace(/      /g, '    ')}`), 'traefik', 'Deployment'],
    ];
    for (const [file, kind, workload] of cases) {
      const facts = readFile(file);
      assert.equal(facts.workloads.length, 1, file.path);
      assert.deepEqual([facts.workloads[0]!.software?.kind, facts.workloads[0]!.kind], [kind, workload], file.text);
      assert.equal(analyze([file]).frontends[0]!.frontend.backend.kind, kind);
    }
  });

  it('traefik values: service.spec.externalTrafficPolicy and the websecure entry point port', () => {
    const f = analyze([values(`ports:\n  websecure:\n    exposedPort: 8443\n    port: 9443\nservice:\n  spec:\n    externalTrafficPolicy: Local\n  annotations:\n${LBC.replace(/      /g, '    ')}`)]).frontends[0]!.frontend;
    assert.equal(f.trafficPolicy.value, 'Local');
    assert.deepEqual(f.service!.ports.map((p) => [p.name, p.port.value, p.targetPort.value]), [['web', 80, 8000], ['websecure', 8443, 9443]]);
  });

  it('helm_release: the chart name decides (ingress-nginx with a DaemonSet, repository-prefixed traefik)', () => {
    const r = analyze(files('helm-release/main.tf'));
    const byName = new Map(r.frontends.map((a) => [a.frontend.service!.name, a]));
    const nginx = byName.get('ingress-nginx')!;
    assert.equal(nginx.frontend.backend.kind, 'ingress-nginx');
    assert.match(nginx.cluster.endpoints.why!, /DaemonSet/);
    const traefik = byName.get('traefik')!;
    assert.equal(traefik.frontend.backend.kind, 'traefik');
    assert.match(traefik.cluster.endpoints.why!, /3 replica\(s\)/);
  });

  it('values that are not one of these charts are not read as one', () => {
    for (const text of ['controller:\n  service:\n    annotations:\n      prometheus.io/scrape: "true"\n', 'service:\n  annotations:\n    prometheus.io/scrape: "true"\n', 'controller:\n  kind: DaemonSet\n']) {
      assert.deepEqual(readFile(values(text)).services, []);
    }
  });
});
