import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { inTreeHonoursTgAttributes, IN_TREE_TG_ATTRIBUTES_SINCE } from '../../server/src/core/model/aws-defaults';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { applyProposal, fixesOf } from '../helpers/fix';
import { service } from '../helpers/service';

const at = (file: SourceFile, span: { start: number; end: number } | undefined) => (span ? file.text.slice(span.start, span.end) : undefined);
const configWith = (version: string) => readHairpinConfig({ path: '.hairpin.yaml', text: `cluster:\n  cloudProviderAwsVersion: ${JSON.stringify(version)}\n` }).overrides;

describe('values written where the legacy in-tree provider ignores them (issue 10 B)', () => {
  const ignored: [string, string, RegExp][] = [
    ['aws-load-balancer-nlb-target-type', 'ip', /always registers instance targets/],
    ['aws-load-balancer-scheme', 'internal', /reads only aws-load-balancer-internal/],
    ['aws-load-balancer-attributes', 'load_balancing.cross_zone.enabled=true', /cross-zone only from aws-load-balancer-cross-zone-load-balancing-enabled/],
    ['aws-load-balancer-enable-tcp-udp-listener', 'true', /TCP_UDP/],
    ['aws-load-balancer-proxy-protocol-per-target-group', '443', /no target group gets proxy protocol/],
  ];
  for (const [key, value, effect] of ignored) {
    it(`${key}: "${value}" under aws-load-balancer-type: nlb gets an info notice naming the component and what to write`, () => {
      const file = service({ 'aws-load-balancer-type': 'nlb', [key]: value });
      const r = analyze([file]);
      const n = r.notices.find((x) => x.message.startsWith(key));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'info');
      assert.equal(at(file, n.span), JSON.stringify(value));
      assert.match(n.message, /cloud-provider-aws \(the legacy in-tree provider\)/);
      assert.match(n.message, /aws-load-balancer-type: external/);
      assert.match(n.message, effect);
    });
  }

  it('the simulation uses what the in-tree provider does: instance targets, internet-facing, cross-zone off', () => {
    const r = analyze([service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-scheme': 'internal', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' })]);
    const f = r.frontends[0]!.frontend;
    assert.equal(f.targetGroup.targetType.value, 'instance');
    assert.equal(f.loadBalancer.scheme.value, 'internet-facing');
    assert.equal(f.loadBalancer.crossZone.value, false);
  });

  it('the same annotations under the controller get no such notice', () => {
    const r = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-scheme': 'internal' })]);
    assert.deepEqual(r.notices, []);
  });

  for (const internal of ['true', '10.0.0.0/8']) {
    it(`nlb-target-type: ip written but ignored (internal: ${internal}): the ip-target fix hands the Service to the controller, never re-writes ip`, () => {
      const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': internal, 'aws-load-balancer-nlb-target-type': 'ip' });
      const { proposals } = fixesOf([file], 'HP101');
      const ip = proposals.find((p) => p.mitigation === 'ip-targets');
      assert.ok(ip, JSON.stringify(proposals.map((p) => p.title)));
      assert.doesNotMatch(ip.title, /^Register pods as ip targets/);
      assert.match(ip.title, /aws-load-balancer-type: external/);
      assert.equal(ip.edits.length, 1, JSON.stringify(ip.edits));
      const [after] = applyProposal([file], ip);
      assert.match(after!.text, /aws-load-balancer-type: "external"/);
      assert.equal(after!.text.match(/nlb-target-type/g)!.length, 1);
      const r = analyze([after!]);
      assert.equal(r.frontends[0]!.frontend.targetGroup.targetType.value, 'ip');
      assert.ok(!r.findings.some((f) => f.ruleId === 'HP101'));
    });
  }
});

describe('target-group attributes under the in-tree provider depend on its version (issue 10 B)', () => {
  it(`honoured from v${IN_TREE_TG_ATTRIBUTES_SINCE}`, () => {
    for (const v of ['1.35.0', 'v1.35.0', '1.35', '1.36.2', 'v2.0.0', '1.35.1-rc.1']) assert.equal(inTreeHonoursTgAttributes(v), true, v);
    for (const v of ['1.34.9', 'v1.30.0', '1.9', '0.99.0', 'latest']) assert.equal(inTreeHonoursTgAttributes(v), false, v);
  });

  const attrs = ['preserve_client_ip.enabled=false', 'deregistration_delay.timeout_seconds=30,preserve_client_ip.enabled=false', ' preserve_client_ip.enabled=false , proxy_protocol_v2.enabled=false'];
  for (const value of attrs) {
    it(`unset version: "${value}" is ignored, the hairpin is reported, and the notice names the version that changes it`, () => {
      const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': 'true', 'aws-load-balancer-target-group-attributes': value });
      const r = analyze([file]);
      const tg = r.frontends[0]!.frontend.targetGroup;
      assert.equal(tg.preserveClientIp.value, true);
      assert.equal(tg.preserveClientIp.origin, 'default');
      assert.match(tg.preserveClientIp.why!, /before v1\.35\.0 ignores/);
      assert.ok(r.findings.some((f) => f.ruleId === 'HP101'));
      const n = r.notices.find((x) => x.message.startsWith('aws-load-balancer-target-group-attributes'));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'info');
      assert.equal(at(file, n.span), JSON.stringify(value));
      assert.match(n.message, /before v1\.35\.0/);
      assert.match(n.message, /cluster\.cloudProviderAwsVersion/);
      assert.match(n.message, /aws-load-balancer-type: external/);
    });
  }

  for (const version of ['1.35.0', 'v1.36.1']) {
    it(`cloudProviderAwsVersion ${version}: the attributes apply, preservation is off and there is no hairpin or notice`, () => {
      const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': 'true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false' });
      const r = analyze([file], { clusterOverrides: configWith(version) });
      const tg = r.frontends[0]!.frontend.targetGroup;
      assert.equal(tg.preserveClientIp.value, false);
      assert.equal(tg.preserveClientIp.origin, 'explicit');
      assert.equal(tg.fromVersion, undefined);
      assert.ok(!r.findings.some((f) => f.ruleId === 'HP101'));
      assert.ok(!r.notices.some((x) => x.message.startsWith('aws-load-balancer-target-group-attributes')));
    });
  }

  for (const version of ['1.34.2', 'v1.29.0']) {
    it(`cloudProviderAwsVersion ${version}: still ignored, and the notice says which version the file gave`, () => {
      const r = analyze([service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': 'true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false' })], { clusterOverrides: configWith(version) });
      assert.equal(r.frontends[0]!.frontend.targetGroup.preserveClientIp.value, true);
      const n = r.notices.find((x) => x.message.startsWith('aws-load-balancer-target-group-attributes'));
      assert.ok(n);
      assert.ok(n.message.includes(`runs ${version}`), n.message);
    });
  }

  it('ignored preserve_client_ip.enabled=false: the fix hands the Service to the controller instead of writing it again', () => {
    const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': 'true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false' });
    const { proposals } = fixesOf([file], 'HP101');
    const p = proposals.find((x) => x.mitigation === 'disable-preservation');
    assert.ok(p, JSON.stringify(proposals.map((x) => x.title)));
    assert.match(p.title, /hand the Service to the AWS Load Balancer Controller \(aws-load-balancer-type: external\)/);
    assert.ok(p.edits.length > 0);
    const [after] = applyProposal([file], p);
    assert.match(after!.text, /aws-load-balancer-type: "external"/);
    assert.equal(after!.text.match(/preserve_client_ip/g)!.length, 1);
    const r = analyze([after!]);
    assert.equal(r.frontends[0]!.frontend.targetGroup.preserveClientIp.value, false);
    assert.ok(!r.findings.some((f) => f.ruleId === 'HP101'));
  });

  it('no attribute written yet and no version known: the provider would ignore the attribute, so the fix hands the Service to the controller and clears HP101', () => {
    const file = service({ 'aws-load-balancer-type': 'nlb', 'aws-load-balancer-internal': 'true' });
    const { proposals } = fixesOf([file], 'HP101');
    const p = proposals.find((x) => x.mitigation === 'disable-preservation')!;
    assert.match(p.title, /hand the Service to the AWS Load Balancer Controller \(aws-load-balancer-type: external\)/);
    const [after] = applyProposal([file], p);
    assert.match(after!.text, /preserve_client_ip\.enabled=false/);
    assert.match(after!.text, /aws-load-balancer-type: "external"/);
    assert.ok(!analyze([after!]).findings.some((f) => f.ruleId === 'HP101'));
  });
});

describe('.hairpin.yaml cluster.cloudProviderAwsVersion', () => {
  it('accepts versions with or without v and patch', () => {
    for (const v of ['1.35.0', 'v1.34.2', '1.33']) {
      const c = readHairpinConfig({ path: '.hairpin.yaml', text: `cluster:\n  cloudProviderAwsVersion: "${v}"\n` });
      assert.deepEqual(c.notices, []);
      assert.equal(c.overrides.cloudProviderAwsVersion?.value, v);
      assert.equal(c.overrides.cloudProviderAwsVersion?.origin, 'explicit');
    }
  });

  for (const bad of ['latest', '"1.x"', '[1, 35]', '{}']) {
    it(`rejects ${bad} with an error at its position`, () => {
      const text = `cluster:\n  cni: aws-vpc-cni\n  cloudProviderAwsVersion: ${bad}\n`;
      const c = readHairpinConfig({ path: '.hairpin.yaml', text });
      assert.equal(c.notices.length, 1);
      const n = c.notices[0]!;
      assert.equal(n.level, 'error');
      assert.match(n.message, /cluster\.cloudProviderAwsVersion must be a version such as 1\.35\.0/);
      assert.equal(text.slice(0, n.span!.start).split('\n').length, 3);
      assert.equal(c.overrides.cloudProviderAwsVersion, undefined);
      assert.equal(c.overrides.cni?.value, 'aws-vpc-cni');
    });
  }
});
