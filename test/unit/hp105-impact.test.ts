import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { lensesFor } from '../../server/src/core/explain/lens';
import { impactText } from '../../server/src/core/rules/impact';
import { formatJson } from '../../server/src/cli/format-json';
import { formatSarif } from '../../server/src/cli/format-sarif';
import { formatText } from '../../server/src/cli/format-text';
import type { Report } from '../../server/src/cli/report';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

const folder = (name: string, ...files: string[]) => files.map((f) => fixture(`idle-timeout/${name}/${f}`));
const report = (files: readonly SourceFile[]): Report => ({ result: analyze(files), notices: [], texts: new Map(files.map((f) => [f.path, f.text])), version: '0.0.0-test' });

/** Three members of the kind: default NLB timeout against Envoy, a written one against nginx's ConfigMap, Terraform against Envoy. */
const CASES = [
  { name: 'LBC Service, Istio gateway', files: () => folder('k8s-istio', 'service.yaml', 'gateway.yaml'), window: '350–3600 s', handshakeFails: false },
  { name: 'listener-attributes 120 s, ingress-nginx keep-alive 300', files: () => folder('k8s-nginx', 'service.yaml', 'controller.yaml'), window: '120–300 s', handshakeFails: false },
  { name: 'Terraform tcp_idle_timeout_seconds 600, Istio gateway', files: () => folder('terraform', 'main.tf', 'gateway.yaml'), window: '600–3600 s', handshakeFails: true },
];

describe('HP105 says what it is about (an idle window), not a failure probability', () => {
  for (const c of CASES) {
    it(`${c.name}: text, JSON, SARIF and the lens name the window`, () => {
      const r = report(c.files());
      const f = r.result.findings.find((x) => x.ruleId === 'HP105');
      assert.ok(f, JSON.stringify(r.result.findings.map((x) => x.ruleId)));
      const [from, to] = c.window.replace(' s', '').split('–').map(Number);
      assert.deepEqual(f.idleWindow, { fromSeconds: from, toSeconds: to });
      assert.equal(impactText(f), `resets pooled connections idle ${c.window}`);

      const text = formatText(r).split('\n').filter((l) => l.includes('HP105'));
      assert.equal(text.length, 1);
      assert.ok(text[0]!.includes(`resets pooled connections idle ${c.window}`), text[0]);
      assert.ok(!text[0]!.includes('P(fail)'), text[0]);
      assert.ok(!text[0]!.includes('100%'), text[0]);

      // JSON keeps its fields (probability stays, for consumers that read it) and adds what the figure means.
      const json = JSON.parse(formatJson(r)).findings.find((x: { ruleId: string }) => x.ruleId === 'HP105');
      assert.equal(json.probability, 1);
      assert.equal(json.mode, 'idle-timeout');
      assert.equal(json.impact, `resets pooled connections idle ${c.window}`);
      assert.deepEqual(json.idleWindow, { fromSeconds: from, toSeconds: to });

      const sarif = JSON.parse(formatSarif(r, '/'));
      const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'HP105');
      assert.equal(result.properties.probability, 1);
      assert.equal(result.properties.impact, `resets pooled connections idle ${c.window}`);
      assert.deepEqual(result.properties.idleWindow, { fromSeconds: from, toSeconds: to });

      const lens = lensesFor(r.result).find((l) => l.title.includes('idle'));
      if (c.handshakeFails) {
        // A failing handshake is what the lens shows first.
        assert.equal(lens, undefined);
        assert.ok(lensesFor(r.result).every((l) => l.title.startsWith('▶')));
      } else {
        // No handshake fails here, so the lens names the window instead of a tick.
        assert.deepEqual(r.result.findings.map((x) => x.ruleId), ['HP105']);
        assert.ok(lens, JSON.stringify(lensesFor(r.result).map((l) => l.title)));
        assert.ok(lens.title.includes(`pooled connections idle ${c.window} are reset on reuse`), lens.title);
        assert.ok(!lens.title.startsWith('✓'), lens.title);
      }
    });
  }

  it('findings that are per-connection probabilities keep P(fail), with the exact fraction', () => {
    const files = [fixture('idle-timeout/k8s-istio/service.yaml')].map((f) => ({ ...f, text: f.text.replace('internet-facing', 'internal').replace('target-type: ip', 'target-type: instance') }));
    const r = report(files);
    const hp101 = r.result.findings.find((x) => x.ruleId === 'HP101');
    assert.ok(hp101, JSON.stringify(r.result.findings.map((x) => x.ruleId)));
    assert.equal(hp101.idleWindow, undefined);
    assert.match(impactText(hp101), /^P\(fail\) \d+\/\d+ \(\d+(\.\d+)?%\)$/);
    assert.equal(JSON.parse(formatJson(r)).findings.find((x: { ruleId: string }) => x.ruleId === 'HP101').impact, impactText(hp101));
  });
});
