import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { GO_BOOL_SPELLINGS, inTreeInternal, parseGoBool } from '../../server/src/core/parse/annotation-values';
import { readFile } from '../../server/src/core/parse/read-file';
import { service } from '../helpers/service';

const at = (file: SourceFile, span: { start: number; end: number } | undefined) => (span ? file.text.slice(span.start, span.end) : undefined);

describe("annotation values read with their controller's grammar (issue 10 A)", () => {
  it("Go's strconv.ParseBool: exactly its twelve spellings", () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(v), true, v);
    for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(v), false, v);
    for (const v of ['yes', 'no', 'on', 'tRuE', ' true', 'true ', '', '10.0.0.0/8', 'enabled']) assert.equal(parseGoBool(v), undefined, v);
    assert.equal(GO_BOOL_SPELLINGS.length, 12);
  });

  it('cloud-provider-aws: aws-load-balancer-internal is internal for any non-empty value but "false"', () => {
    for (const v of ['true', '10.0.0.0/8', '0.0.0.0/0', 'yes', 'False', '0', 'internal']) assert.equal(inTreeInternal(v), true, v);
    assert.equal(inTreeInternal('false'), false);
    assert.equal(inTreeInternal(''), undefined);
  });

  for (const value of ['10.0.0.0/8', 'true', '0.0.0.0/0', 'yes', 'False']) {
    it(`in-tree nlb with aws-load-balancer-internal: "${value}" is internal, so the hairpin (HP101) is found`, () => {
      const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': value });
      const r = analyze([file]);
      const lb = r.files[0]!.loadBalancers[0]!;
      assert.equal(lb.scheme.value, 'internal');
      assert.equal(lb.scheme.origin, 'explicit');
      assert.equal(at(file, lb.scheme.span), JSON.stringify(value));
      assert.ok(r.findings.some((f) => f.ruleId === 'HP101'), JSON.stringify(r.findings.map((f) => f.ruleId)));
      assert.deepEqual(r.notices.filter((n) => n.level === 'warning'), []);
    });
  }

  for (const value of ['false', '']) {
    it(`in-tree nlb with aws-load-balancer-internal: "${value}" is internet-facing`, () => {
      const r = analyze([service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': value })]);
      assert.equal(r.files[0]!.loadBalancers[0]!.scheme.value, 'internet-facing');
    });
  }

  const lbcInternal: [string, 'internal' | 'internet-facing'][] = [
    ['1', 'internal'],
    ['t', 'internal'],
    ['TRUE', 'internal'],
    ['True', 'internal'],
    ['0', 'internet-facing'],
    ['F', 'internet-facing'],
    ['FALSE', 'internet-facing'],
  ];
  for (const [value, scheme] of lbcInternal) {
    it(`controller: aws-load-balancer-internal: "${value}" is read with ParseBool as ${scheme}`, () => {
      const r = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-internal': value })]);
      assert.equal(r.files[0]!.loadBalancers[0]!.scheme.value, scheme);
      assert.deepEqual(r.notices, []);
    });
  }

  for (const value of ['yes', '10.0.0.0/8', 'tRuE', 'on']) {
    it(`controller: aws-load-balancer-internal: "${value}" cannot be read; a warning on the value says so and what is used`, () => {
      const file = service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-internal': value });
      const r = analyze([file]);
      const n = r.notices.find((x) => x.message.startsWith('aws-load-balancer-internal'));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'warning');
      assert.equal(at(file, n.span), JSON.stringify(value));
      assert.match(n.message, /expected one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False/);
      assert.match(n.message, /rejects the Service/);
      assert.match(n.message, /Hairpin uses the default scheme, internal/);
      assert.equal(r.files[0]!.loadBalancers[0]!.scheme.origin, 'default');
    });
  }

  it('controller: aws-load-balancer-scheme wins over an unreadable aws-load-balancer-internal, without a notice', () => {
    const r = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-scheme': 'internet-facing', 'aws-load-balancer-internal': 'yes' })]);
    assert.equal(r.files[0]!.loadBalancers[0]!.scheme.value, 'internet-facing');
    assert.deepEqual(r.notices, []);
  });

  for (const manager of ['nlb', 'external']) {
    for (const [value, on] of [
      ['1', true],
      ['T', true],
      ['True', true],
      ['0', false],
      ['FALSE', false],
    ] as const) {
      it(`${manager}: the deprecated cross-zone annotation "${value}" is read with ParseBool (${on ? 'on' : 'off'})`, () => {
        const facts = readFile(service({ 'aws-load-balancer-type': manager, 'aws-load-balancer-cross-zone-load-balancing-enabled': value }));
        assert.equal(facts.loadBalancers[0]!.crossZone.value, on);
        assert.equal(facts.loadBalancers[0]!.crossZone.origin, 'explicit');
        assert.deepEqual(facts.notices, []);
      });
    }
    for (const value of ['yes', 'enabled', 'tRUE']) {
      it(`${manager}: the deprecated cross-zone annotation "${value}" gets a warning naming what is used instead`, () => {
        const file = service({ 'aws-load-balancer-type': manager, 'aws-load-balancer-cross-zone-load-balancing-enabled': value });
        const facts = readFile(file);
        assert.equal(facts.loadBalancers[0]!.crossZone.value, false);
        const n = facts.notices.find((x) => x.message.startsWith('aws-load-balancer-cross-zone-load-balancing-enabled'));
        assert.ok(n, JSON.stringify(facts.notices));
        assert.equal(at(file, n.span), JSON.stringify(value));
        assert.match(n.message, /fails to reconcile/);
        assert.match(n.message, /Hairpin uses the default, cross-zone off/);
      });
    }
  }

  for (const [value, preserve] of [
    ['FALSE', false],
    ['0', false],
    ['f', false],
    ['True', true],
    ['1', true],
  ] as const) {
    it(`controller: preserve_client_ip.enabled=${value} is read with ParseBool (${preserve ? 'on' : 'off'}), whitespace around entries trimmed`, () => {
      const file = service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-target-group-attributes': ` deregistration_delay.timeout_seconds=30 , preserve_client_ip.enabled = ${value} ` });
      const facts = readFile(file);
      assert.equal(facts.targetGroups[0]!.preserveClientIp.value, preserve);
      assert.equal(facts.targetGroups[0]!.preserveClientIp.origin, 'explicit');
      assert.deepEqual(facts.notices, []);
    });
  }

  for (const [key, value, instead] of [
    ['preserve_client_ip.enabled', 'no', /Hairpin uses the AWS default/],
    ['preserve_client_ip.enabled', 'off', /Hairpin uses the AWS default/],
    ['proxy_protocol_v2.enabled', 'yes', /Hairpin uses the default, off/],
    ['load_balancing.cross_zone.enabled', 'maybe', /load balancer's setting/],
  ] as const) {
    it(`controller: ${key}=${value} cannot be read; a warning on the item says what was expected and what is used`, () => {
      const file = service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-target-group-attributes': `${key}=${value}` });
      const facts = readFile(file);
      const n = facts.notices.find((x) => x.message.startsWith(key));
      assert.ok(n, JSON.stringify(facts.notices));
      assert.equal(n.level, 'warning');
      assert.equal(at(file, n.span), `${key}=${value}`);
      assert.match(n.message, /expected/);
      assert.match(n.message, instead);
    });
  }

  it('controller: an unreadable load_balancing.cross_zone.enabled load-balancer attribute is a warning, and the default applies', () => {
    const file = service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=yes' });
    const facts = readFile(file);
    assert.equal(facts.loadBalancers[0]!.crossZone.value, false);
    assert.equal(facts.loadBalancers[0]!.crossZone.origin, 'default');
    assert.ok(facts.notices.some((n) => n.level === 'warning' && at(file, n.span) === 'load_balancing.cross_zone.enabled=yes'));
  });
});
