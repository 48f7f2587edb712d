import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { ruleDocPage } from '../../server/src/core/rules/docs';
import { ISTIO_GATEWAY, ISTIO_GATEWAY_OVERLAY } from '../../server/src/core/rules/doc-examples';
import { ALL_RULE_METAS, RULES } from '../../server/src/core/rules/registry';
import type { RuleExample, RuleMeta } from '../../server/src/core/rules/types';
import { SUPPRESSION_RULES } from '../../server/src/core/suppress/problem-rules';

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');
const page = (id: string) => readFileSync(join(DOCS, `${id}.md`), 'utf8');
const SIMULATED = ALL_RULE_METAS.filter((m) => m.probability !== null);

/** Self-checks in the style of kube-linter: the rule set has no gaps. */
describe('rule registry self-checks', () => {
  it('every rule and suppression problem has a generated page that is up to date (run `npm run docs`)', () => {
    for (const meta of ALL_RULE_METAS) assert.equal(page(meta.id), ruleDocPage(meta), `${meta.id}.md is stale`);
  });

  it('the documented ids are exactly the registered ones', () => {
    const pages = readdirSync(DOCS).filter((f) => /^HP\d{3}\.md$/.test(f)).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, ALL_RULE_METAS.map((m) => m.id).sort());
    assert.deepEqual(readdirSync(DOCS).filter((f) => !/^HP\d{3}\.md$/.test(f)), [], 'only rule pages live in docs/rules');
  });

  it('no rule page, and not the README, names a rule id that is not registered', () => {
    const known = new Set(ALL_RULE_METAS.map((m) => m.id));
    const texts = [...ALL_RULE_METAS.map((m) => ({ name: `${m.id}.md`, text: page(m.id) })), { name: 'README.md', text: readFileSync(join(ROOT, 'README.md'), 'utf8') }];
    for (const { name, text } of texts) {
      for (const id of text.match(/\bHP\d{3}\b/g) ?? []) assert.ok(known.has(id), `${name} names ${id}, which is not a rule`);
    }
  });

  it('the registry lists every rule and every suppression problem once, each with its own page path', () => {
    const ids = ALL_RULE_METAS.map((m) => m.id);
    assert.deepEqual(ids, [...SUPPRESSION_RULES.map((m) => m.id), ...RULES.map((r) => r.meta.id)]);
    assert.equal(new Set(ids).size, ids.length, 'an id is registered twice');
    for (const meta of ALL_RULE_METAS) assert.equal(meta.docs, `docs/rules/${meta.id}.md`);
  });

  it('every rule has a remediation, and one trade-off per remediation', () => {
    for (const meta of ALL_RULE_METAS) {
      assert.ok(meta.remediation.length > 0, meta.id);
      assert.equal(meta.tradeOffs.length, meta.remediation.length, `${meta.id}: one trade-off per remediation, same order`);
    }
  });

  it('every simulated rule has its packet story, an example, a suppression example and references with web addresses', () => {
    assert.deepEqual(SIMULATED.map((m) => m.id), RULES.map((r) => r.meta.id), 'every simulation rule explains its probability');
    for (const meta of SIMULATED) {
      assert.ok(meta.packetStory.length >= 3, meta.id);
      assert.ok(meta.example, `${meta.id} has an example`);
      assert.ok(meta.suppressionExample?.includes(`hairpin-ignore ${meta.id} `), `${meta.id}'s suppression example uses its id with a reason`);
      assert.ok(meta.references.length > 0, meta.id);
      for (const r of meta.references) if (r.url) assert.match(r.url, /^https:\/\/(docs\.aws\.amazon\.com|github\.com)\//, `${meta.id}: ${r.url}`);
    }
  });

  it('the suppression problems say they cannot be suppressed, and have no example', () => {
    for (const meta of SUPPRESSION_RULES) {
      assert.equal(meta.example, null);
      assert.equal(meta.suppressionExample, null);
      assert.match(page(meta.id), /cannot be suppressed/);
    }
  });
});

describe('rule pages against the simulation oracle (SCENARIOS.md)', () => {
  it('the pages simulate the shipped example itself, not a copy that could drift', () => {
    assert.equal(ISTIO_GATEWAY.text, readFileSync(join(ROOT, ISTIO_GATEWAY.path), 'utf8'));
    assert.equal(ISTIO_GATEWAY_OVERLAY.text, ISTIO_GATEWAY.text);
  });

  it('HP101: T1 with cross-zone on gives 1/6 for pods on n1 and n2 (S1, S2); Local gives 0 and 1/3 (S5, S6)', () => {
    const p = page('HP101');
    assert.match(p, /^\| `pod@n1` \| a pod on n1 \(a node without a gateway pod\) \| 1\/6 \(17%\) \| hairpin-reset 1\/6 \|/m);
    assert.match(p, /^\| `pod@n2` \| .* \| 1\/6 \(17%\) \| hairpin-reset 1\/6 \|/m);
    assert.match(p, /^\| Set externalTrafficPolicy: Local \| 0 \| 1\/3 \|/m);
    assert.match(p, /^\| Disable client IP preservation .* \| 0 \| 0 \| 0% \|$/m);
    assert.match(p, /^\| Disable cross-zone load balancing \| 1\/6 \| 1\/6 \| 0% \|$/m, 'cross-zone off does not help (S3)');
    // The diagram: SYN with the client's IP kept, DNAT+SNAT, local delivery, RST, retransmissions to a timeout.
    assert.match(p, /SYN 10\.0\.1\.102:\d+ > 10\.0\.1\.1:31380/);
    assert.match(p, /host:n1: SNAT srcIp 10\.0\.1\.102->10\.0\.1\.1/);
    assert.match(p, /never crosses the VPC fabric/);
    assert.match(p, /client: answers with RST/);
    assert.match(p, /\+63 s {2}retransmission 6/);
    assert.match(p, /=> connect-timeout at 127 s/);
  });

  it('HP102: an overlay CNI gives 1/6 loopback drops for a pod on n1 (S10), with no SYN-ACK in the diagram', () => {
    const p = page('HP102');
    assert.match(p, /^\| `pod@n1` \| .* \| 1\/6 \(17%\) \| loopback-drop 1\/6 \|/m);
    const diagram = p.slice(p.indexOf('```text'), p.indexOf('```', p.indexOf('```text') + 7));
    assert.match(diagram, /martian/);
    assert.doesNotMatch(diagram, /SYN\+ACK/);
  });

  it('HP103: the collision estimate for K=1000, Z=3, R=28232, T=6 is about 0.39% (the check value 0.00393)', () => {
    const p = page('HP103');
    assert.match(p, /About 0\.39% of new connections/);
    assert.match(p, /^\| \(none\) \| 1\/6 \| 1\/6 \| 0\.39% \|$/m);
    assert.match(p, /^\| Disable cross-zone load balancing \| .* \| 0% \|$/m);
  });
});

/** The page's suppression example, put into the example above the line it shows, suppresses the finding. */
function withSuppression(meta: RuleMeta, example: RuleExample): string {
  const lines = meta.suppressionExample!.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.includes('hairpin-ignore'));
  const comment = lines[at]!;
  const target = lines[at + 1]!;
  assert.ok(example.text.includes(`${target}\n`), `${meta.id}: the suppression example's line "${target.trim()}" is in the example`);
  return example.text.replace(`${target}\n`, `${comment}\n${target}\n`);
}

describe('rule pages: the suppression each page shows works on its example', () => {
  for (const meta of SIMULATED) {
    it(meta.id, () => {
      const example = meta.example!;
      const config = example.config === undefined ? {} : { clusterOverrides: readHairpinConfig({ path: '.hairpin.yaml', text: example.config }).overrides };
      const before = analyze([{ path: example.path, text: example.text }], { traces: false, ...config });
      assert.ok(before.findings.some((f) => f.ruleId === meta.id), `${meta.id} fires on its example`);
      const after = analyze([{ path: example.path, text: withSuppression(meta, example) }], { traces: false, ...config });
      assert.ok(!after.findings.some((f) => f.ruleId === meta.id), `${meta.id} is suppressed`);
      assert.ok(after.suppressed!.some((f) => f.ruleId === meta.id && f.suppression?.justification), `${meta.id} is kept as suppressed, with its reason`);
      assert.deepEqual(after.suppressionProblems, [], 'the suppression is used and has a reason');
    });
  }
});
