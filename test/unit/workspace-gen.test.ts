import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import { collectFiles } from '../../server/src/host/collect-files';
import { generateWorkspace, type GeneratedWorkspace } from '../../bench/workspace-gen';
import { initTestGrammars } from '../helpers/grammars';

/**
 * The bench's workspace measures the variety the rules exist for: deterministic for a seed, NLBs of
 * distinct shapes, and backends and listener settings that make every rule that can fire from these
 * formats fire, HP104 and HP105 included, from more than one kind of backend each.
 */

const files = (ws: GeneratedWorkspace) => collectFiles([ws.root], 2_000_000).files;

describe('bench workspace generator', () => {
  let ws: GeneratedWorkspace;
  let result: AnalysisResult;
  before(async () => {
    await initTestGrammars();
    ws = generateWorkspace({ files: 240, nlbs: 120 });
    result = analyze(files(ws));
  });
  after(() => rmSync(ws.root, { recursive: true, force: true }));

  it('is deterministic for a seed', () => {
    const again = generateWorkspace({ files: 240, nlbs: 120 });
    try {
      const texts = (w: GeneratedWorkspace) => files(w).map((f) => [relative(w.root, f.path), f.text]);
      assert.deepEqual(texts(again), texts(ws));
    } finally {
      rmSync(again.root, { recursive: true, force: true });
    }
  });

  it('keeps the edited Service the stdio bench rewrites', () => {
    assert.equal(readFileSync(ws.edited.path, 'utf8'), ws.edited.text);
    assert.match(ws.edited.text, /kind: Service/);
  });

  it('links every NLB to a frontend', () => assert.equal(new Set(result.frontends.map((f) => f.frontend.loadBalancer.id)).size, ws.nlbs));

  const backendsOf = (ruleId: string) => new Set(result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message.match(/ingress-nginx|Istio gateway/)?.[0]));

  it('HP104 fires for ingress-nginx and the Istio gateway, in both directions', () => {
    assert.deepEqual([...backendsOf('HP104')].sort(), ['Istio gateway', 'ingress-nginx']);
    const hp104 = result.findings.filter((f) => f.ruleId === 'HP104');
    assert.ok(hp104.some((f) => /sends a PROXY v2 header/.test(f.message)), 'the NLB sends a header the backend does not expect');
    assert.ok(hp104.some((f) => /sends no PROXY header/.test(f.message)), 'the backend expects a header the NLB does not send');
  });

  it('HP105 fires for ingress-nginx (keep-alive over 350 s) and the Istio gateway (3600 s), on default and written listener timeouts', () => {
    assert.deepEqual([...backendsOf('HP105')].sort(), ['Istio gateway', 'ingress-nginx']);
    const hp105 = result.findings.filter((f) => f.ruleId === 'HP105');
    assert.ok(hp105.some((f) => /after \d+ s \(default\)/.test(f.message)));
    assert.ok(hp105.some((f) => /after \d+ s \(written\)/.test(f.message)));
  });

  it('writes listener idle timeouts in every NLB format', () => {
    const texts = files(ws);
    const has = (path: RegExp, text: RegExp) => texts.some((f) => path.test(f.path) && text.test(f.text));
    assert.ok(has(/service\.yaml$/, /listener-attributes\.TCP-\d+: tcp\.idle_timeout\.seconds=\d+/), 'LBC annotation');
    assert.ok(has(/listener\.tf$/, /tcp_idle_timeout_seconds = \d+/), 'Terraform');
    assert.ok(has(/cloudformation\//, /Key: tcp\.idle_timeout\.seconds/), 'CloudFormation');
    assert.ok(has(/operator\.yaml$/, /tcp\.idle_timeout\.seconds=/), 'IstioOperator');
    assert.ok(has(/deployment\.yaml$/, /use-proxy-protocol: "true"/) && has(/deployment\.yaml$/, /use-proxy-protocol: "false"/), 'ingress-nginx ConfigMaps both ways');
  });

  it('still has HP101 and HP103 NLBs, and no warnings or errors of its own', () => {
    const rules = new Set(result.findings.map((f) => f.ruleId));
    for (const id of ['HP101', 'HP103', 'HP104', 'HP105']) assert.ok(rules.has(id), id);
    assert.deepEqual(result.notices.filter((n) => n.level !== 'info'), []);
  });

  it('holds NLBs of distinct shapes in the files asked for', () => {
    assert.equal(ws.files, 240);
    // Without names and ports (which differ anyway), two Services are still different grid points.
    const services = files(ws).filter((f) => f.path.endsWith('service.yaml'));
    const shapeOf = (text: string) => text.replace(/nlb-\d+|team-\d+/g, '').replace(/(port|targetPort|nodePort): \d+|TCP-\d+/g, '');
    assert.ok(services.length > 50);
    assert.equal(new Set(services.map((f) => shapeOf(f.text))).size, services.length);
  });
});
