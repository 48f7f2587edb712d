import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import { joinFolder } from '../../server/src/core/link/terraform/module-sources';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import { FIXTURES, loadBalancerCount, ruleIds } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';
import { sliceOf } from './terraform-fixtures';

/**
 * Issue 10, kind G: chart values and load balancers passed through Terraform wrapper modules. Local
 * modules are followed with the call's arguments as their variables; the EKS add-on modules' release
 * maps are read; a module that is not followed is named.
 */
function folder(name: string): SourceFile[] {
  const root = join(FIXTURES, 'terraform-modules', name);
  const walk = (d: string): string[] => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
  return walk(root)
    .sort()
    .map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
}

describe('Terraform wrapper modules (kind G)', () => {
  before(() => initTestGrammars());

  it('a local module whose helm_release takes its values from a variable: the caller\'s values, spans in the caller', () => {
    const files = folder('local-helm');
    const r = analyze(files);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103', 'HP105'], 'HP105: the istio/gateway chart keeps idle connections 3600 s, the NLB 350 s');
    const at = sliceOf(files);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(hp101.span.file, 'live/main.tf');
    assert.equal(at(hp101.span), '"instance"');
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(at(hp103.span), '"load_balancing.cross_zone.enabled=true"');
    assert.equal(loadBalancerCount(r), 1, 'the called folder is not also analysed as a root module of its own');
  });

  it('values passed through two levels of local modules', () => {
    const files = folder('nested');
    const r = analyze(files);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP105']);
    assert.equal(r.findings.find((f) => f.ruleId === 'HP101')!.span.file, 'live/main.tf');
    assert.equal(loadBalancerCount(r), 1);
  });

  it('one local NLB module called twice with different arguments: two NLBs, each judged by its own arguments', () => {
    const files = folder('wrapper-lb');
    const r = analyze(files);
    assert.equal(loadBalancerCount(r), 2);
    assert.deepEqual(r.frontends.map((f) => f.frontend.id).sort().map((id) => /module\.\w+/.exec(id)?.[0]), ['module.not_preserving', 'module.preserving']);
    assert.deepEqual(ruleIds(r), ['HP101']);
    const hp101 = r.findings[0]!;
    assert.equal(hp101.span.file, 'live/main.tf', 'the deciding value is the argument the caller wrote');
    const line = files.find((f) => f.path === 'live/main.tf')!.text.slice(0, hp101.span.start).split('\n').length;
    assert.equal(line, 5, 'preserve_client_ip = true of module.preserving');
  });

  it('terraform-aws-alb\'s own examples (source = "../../") are read like the registry module', () => {
    const files = folder('alb-repo');
    const r = analyze(files);
    assert.equal(loadBalancerCount(r), 1);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103'], 'v9 defaults: cross-zone on, instance targets preserve the client IP');
    assert.ok(r.findings.every((f) => f.span.file === 'examples/complete-nlb/main.tf'));
  });

  it('the EKS Blueprints add-on modules: helm_releases map entries and a single add-on release', () => {
    const files = folder('addons');
    const r = analyze(files);
    assert.equal(loadBalancerCount(r), 2);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP101', 'HP105', 'HP105']);
  });

  it('names the modules it does not follow: a registry module it does not read, a local source with no files', () => {
    const r = analyze(folder('addons'));
    const messages = r.notices.map((n) => n.message);
    assert.ok(messages.some((m) => m.startsWith('module.something_else:') && m.includes('"cloudposse/label/null" is not followed')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('module.missing:') && m.includes('modules/not-here')), messages.join('\n'));
    assert.ok(!messages.some((m) => m.startsWith('module.addons:') || m.startsWith('module.gateway_addon:')), 'modules it reads are not named');
  });

  it('a module that calls itself is evaluated once, with a notice', () => {
    const files: SourceFile[] = [
      { path: 'live/main.tf', text: 'module "a" {\n  source = "../loop"\n}\n' },
      { path: 'loop/main.tf', text: 'module "again" {\n  source = "../loop"\n}\nresource "aws_lb" "x" {\n  load_balancer_type = "network"\n}\n' },
    ];
    const r = analyze(files);
    assert.ok(r.notices.some((n) => /a cycle/.test(n.message)), r.notices.map((n) => n.message).join('\n'));
  });

  it('an edit to the called module re-evaluates its caller; an unrelated root is kept', () => {
    const cache = new AnalysisCache();
    const files = [...folder('local-helm').map((f) => ({ ...f, path: `a/${f.path}` })), ...folder('nested').map((f) => ({ ...f, path: `b/${f.path}` }))].map((f) => readFile(f));
    const first = cache.terraform(files);
    assert.equal(first.length, 2, 'two roots: a/live and b/live');
    const edited = files.map((f) => (f.file === 'a/modules/ingress/main.tf' ? readFile({ path: f.file, text: readFileSync(join(FIXTURES, 'terraform-modules/local-helm/modules/ingress/main.tf'), 'utf8').replace('istio-ingressgateway', 'gw') }) : f));
    const second = cache.terraform(edited);
    assert.notEqual(second.find((m) => m.file === 'a/live'), first.find((m) => m.file === 'a/live'), 'the caller is evaluated again');
    assert.equal(second.find((m) => m.file === 'b/live'), first.find((m) => m.file === 'b/live'), 'the other root is not');
    // A missing local module that appears later is an input too.
    const withoutChild = files.filter((f) => !f.file.startsWith('a/modules/'));
    const lonely = cache.terraform(withoutChild).find((m) => m.file === 'a/live')!;
    assert.ok(lonely.notices.some((n) => /no Terraform files/.test(n.message)));
    const back = cache.terraform(files).find((m) => m.file === 'a/live')!;
    assert.ok(!back.notices.some((n) => /no Terraform files/.test(n.message)));
  });

  it('joins relative module sources as Terraform does', () => {
    assert.equal(joinFolder('live', '../modules/nlb'), 'modules/nlb');
    assert.equal(joinFolder('live', '../modules/nlb/'), 'modules/nlb');
    assert.equal(joinFolder('examples/complete-nlb', '../../'), '.');
    assert.equal(joinFolder('.', './modules/x'), 'modules/x');
    assert.equal(joinFolder('a/b', './c/../d'), 'a/b/d');
    assert.equal(joinFolder('a', '../../x'), '../x');
    assert.equal(joinFolder('/ws/live', '../m'), '/ws/m');
    assert.equal(joinFolder('C:\\ws\\live'.replace(/\\/g, '/'), '..\\m'), 'C:/ws/m');
  });
});

describe('chart values written as YAML strings (heredocs) are merged in Helm\'s order', () => {
  before(() => initTestGrammars());

  const release = (values: string) => `resource "helm_release" "gw" {
  name      = "istio-ingressgateway"
  chart     = "gateway"
  namespace = "istio-system"
  values    = [${values}]
}
`;
  const members: Array<[string, string, string | undefined]> = [
    ['a heredoc at the margin: exact spans', `<<EOT
service:
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
EOT
`, 'internal'],
    ['an indented heredoc: spans on the heredoc', `
    <<-EOT
    service:
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-type: external
        service.beta.kubernetes.io/aws-load-balancer-scheme: internal
    EOT
  `, undefined],
    ['a yamlencode() then a heredoc that overrides the scheme', `
    yamlencode({ service = { annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "external", "service.beta.kubernetes.io/aws-load-balancer-scheme" = "internet-facing" } } }),
    <<EOT
service:
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
EOT
  `, 'internal'],
  ];
  for (const [name, values, exact] of members) {
    it(name, () => {
      const files: SourceFile[] = [{ path: 'gw/main.tf', text: release(values) }];
      const r = analyze(files);
      assert.equal(loadBalancerCount(r), 1);
      const lb = r.frontends[0]!.frontend.loadBalancer;
      assert.equal(lb.scheme.value, 'internal');
      const text = sliceOf(files)(lb.scheme.span);
      if (exact) assert.equal(text, exact);
      else assert.match(text, /^<<-EOT/);
      assert.ok(ruleIds(r).includes('HP101'));
    });
  }

  it('a values string that is not a map of values is named, not guessed', () => {
    const r = analyze([{ path: 'gw/main.tf', text: release('"- a\\n- b\\n"') }, { path: 'gw/x.tf', text: '' }]);
    assert.ok(r.notices.some((n) => /a values string is not read: it is not a YAML map of values/.test(n.message)), r.notices.map((n) => n.message).join('\n'));
  });
});
