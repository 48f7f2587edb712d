import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, analyzeFacts, type AnalysisResult } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import { fixesFor } from '../../server/src/core/fix/fixes';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import type { Span } from '../../server/src/core/text/span';
import { loadBalancerCount } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

/** Issue 10, kind G: Helm values that Terraform reads from files (`file()`, `templatefile()`). */

const LBC = 'service.beta.kubernetes.io/aws-load-balancer';

function ws(files: Record<string, string>): SourceFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

function sliceOf(files: readonly SourceFile[]): (s: Span | undefined) => string {
  return (s) => {
    if (!s) return '(no span)';
    const f = files.find((x) => x.path === s.file);
    return f ? `${s.file}: ${f.text.slice(s.start, s.end)}` : `(no file ${s.file})`;
  };
}

/** The one load balancer (a Service with several ports has one frontend per port, all of one load balancer). */
function only(r: AnalysisResult) {
  assert.equal(loadBalancerCount(r), 1, `one load balancer, not a second from the values file read alone: ${r.frontends.map((f) => `${f.frontend.name} (${f.frontend.file})`).join(', ')}`);
  return r.frontends[0]!;
}

function messages(r: AnalysisResult): string {
  return r.notices.map((n) => `${n.file}: ${n.message}`).join('\n');
}

const NGINX_VALUES = [
  'controller:',
  '  kind: DaemonSet',
  '  service:',
  '    annotations:',
  `      ${LBC}-type: external`,
  `      ${LBC}-scheme: internal`,
  `      ${LBC}-nlb-target-type: instance`,
  '',
].join('\n');

const NGINX_RELEASE = (values: string) => `resource "helm_release" "ingress" {
  name       = "ingress-nginx"
  repository = "https://kubernetes.github.io/ingress-nginx"
  chart      = "ingress-nginx"
  namespace  = "ingress-nginx"
  values     = [${values}]
}
`;

describe('helm_release values read from files', () => {
  before(() => initTestGrammars());

  it('ingress-nginx values through file(): the finding and its quick fix point into the values file, which adds nothing of its own', () => {
    const files = ws({ 'infra/main.tf': NGINX_RELEASE('file("${path.module}/values/ingress.yaml")'), 'infra/values/ingress.yaml': NGINX_VALUES });
    const at = sliceOf(files);
    const r = analyze(files);
    const f = only(r);
    assert.equal(f.frontend.name, 'ingress-nginx/ingress-nginx');
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'infra/values/ingress.yaml: internal');
    assert.equal(f.frontend.service?.file, 'infra/values/ingress.yaml');
    // controller.kind: DaemonSet is read from the file: a backend on every node.
    assert.match(f.cluster.endpoints.why ?? '', /DaemonSet/);
    const hp101 = r.findings.find((x) => x.ruleId === 'HP101');
    assert.ok(hp101, r.findings.map((x) => x.ruleId).join());
    assert.equal(hp101.span.file, 'infra/values/ingress.yaml');
    const text = (p: string) => files.find((x) => x.path === p)?.text;
    const edits = fixesFor(hp101, f, text).flatMap((p) => p.edits);
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.file === 'infra/values/ingress.yaml'), JSON.stringify(edits));
    assert.ok(!r.notices.some((n) => n.file === 'infra/values/ingress.yaml'), messages(r));
  });

  it('istio/gateway values through file() with a set block on top: each value keeps the file it is written in', () => {
    const files = ws({
      'gw/main.tf': `resource "helm_release" "gateway" {
  name       = "istio-ingressgateway"
  repository = "https://istio-release.storage.googleapis.com/charts"
  chart      = "gateway"
  namespace  = "istio-system"
  values     = [file("./values/gateway.yaml")]

  set {
    name  = "service.annotations.service\\\\.beta\\\\.kubernetes\\\\.io/aws-load-balancer-scheme"
    value = "internal"
  }
}
`,
      'gw/values/gateway.yaml': `replicaCount: 3\nservice:\n  annotations:\n    ${LBC}-type: external\n    ${LBC}-nlb-target-type: instance\n`,
    });
    // Terraform resolves a relative path from the folder it runs in: the root module's.
    const at = sliceOf(files);
    const r = analyze(files);
    const f = only(r);
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'gw/main.tf: "internal"');
    assert.equal(at(f.frontend.targetGroup.targetType.span), 'gw/values/gateway.yaml: instance');
    assert.match(f.cluster.endpoints.why ?? '', /^3 replica/);
    assert.ok(r.findings.some((x) => x.ruleId === 'HP101'));
  });

  it('templatefile(): a value from a template variable points at its literal in the .tf or .tfvars, one written in the template into the template', () => {
    const files = ws({
      'stack/main.tf': `resource "helm_release" "gateway" {
  name      = "istio-ingressgateway"
  chart     = "gateway"
  namespace = "istio-system"
  values = [templatefile("\${path.module}/values.yaml.tftpl", {
    replicas = var.replicas
    scheme   = "internal"
    target   = local.target
  })]
}

variable "replicas" {
  type = number
}

locals {
  target = "instance"
}
`,
      'stack/terraform.tfvars': 'replicas = 6\n',
      'stack/values.yaml.tftpl': `replicaCount: \${replicas}\nservice:\n  annotations:\n    ${LBC}-type: external\n    ${LBC}-scheme: "\${scheme}"\n    ${LBC}-nlb-target-type: \${target}\n`,
    });
    const at = sliceOf(files);
    const r = analyze(files);
    const f = only(r);
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'stack/main.tf: "internal"');
    assert.equal(at(f.frontend.targetGroup.targetType.span), 'stack/main.tf: "instance"');
    assert.equal(at(f.frontend.loadBalancer.manager.span), 'stack/values.yaml.tftpl: external');
    // The replica count is the .tfvars value, passed in as a template variable.
    assert.match(f.cluster.endpoints.why ?? '', /^6 replica/);
    assert.ok(r.findings.some((x) => x.ruleId === 'HP101'));
    assert.ok(!r.notices.some((n) => n.file.endsWith('.tftpl')), messages(r));
  });

  it('through a local module input: the root passes file() values, the module adds its own file(); both merge in order', () => {
    const files = ws({
      'live/main.tf': 'module "ingress" {\n  source = "../modules/ingress"\n  values = [file("${path.module}/values/ingress.yaml")]\n}\n',
      'live/values/ingress.yaml': `controller:\n  service:\n    annotations:\n      ${LBC}-scheme: internal\n      ${LBC}-nlb-target-type: instance\n`,
      'modules/ingress/main.tf': `variable "values" {
  type    = list(string)
  default = []
}

resource "helm_release" "this" {
  name      = "ingress-nginx"
  chart     = "ingress-nginx"
  namespace = "ingress-nginx"
  values    = concat([file("\${path.module}/defaults.yaml")], var.values)
}
`,
      'modules/ingress/defaults.yaml': `controller:\n  replicaCount: 2\n  service:\n    annotations:\n      ${LBC}-type: external\n      ${LBC}-scheme: internet-facing\n`,
    });
    const at = sliceOf(files);
    const r = analyze(files);
    const f = only(r);
    // The caller's file comes after the module's defaults: its scheme wins.
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'live/values/ingress.yaml: internal');
    assert.equal(at(f.frontend.loadBalancer.manager.span), 'modules/ingress/defaults.yaml: external');
    assert.ok(r.findings.some((x) => x.ruleId === 'HP101'));
    assert.ok(!r.notices.some((n) => n.file.endsWith('.yaml')), messages(r));
  });

  it('through the EKS Blueprints add-on module: a release map entry with file() values', () => {
    const files = ws({
      'eks/addons.tf': `module "addons" {
  source  = "aws-ia/eks-blueprints-addons/aws"
  version = "~> 1.16"

  helm_releases = {
    gateway = {
      chart      = "gateway"
      repository = "https://istio-release.storage.googleapis.com/charts"
      namespace  = "istio-system"
      values     = [file("\${path.module}/values/gateway.yaml")]
    }
  }
}
`,
      'eks/values/gateway.yaml': `replicaCount: 2\nservice:\n  annotations:\n    ${LBC}-type: external\n    ${LBC}-scheme: internal\n    ${LBC}-nlb-target-type: instance\n`,
    });
    const at = sliceOf(files);
    const r = analyze(files);
    const f = only(r);
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'eks/values/gateway.yaml: internal');
    assert.match(f.cluster.endpoints.why ?? '', /^2 replica/);
    assert.ok(r.findings.some((x) => x.ruleId === 'HP101'));
  });

  it('path.root inside a module is the root module folder; path.module is the module folder', () => {
    const files = ws({
      'env/prod/main.tf': 'module "edge" {\n  source = "../../modules/edge"\n}\n',
      'env/prod/values/edge.yaml': NGINX_VALUES,
      'modules/edge/main.tf': NGINX_RELEASE('file("${path.root}/values/edge.yaml")'),
      // A file of the same name next to the module is not the one path.root names.
      'modules/edge/values/edge.yaml': 'controller:\n  service:\n    annotations: {}\n',
    });
    const at = sliceOf(files);
    const f = only(analyze(files));
    assert.equal(at(f.frontend.loadBalancer.scheme.span), 'env/prod/values/edge.yaml: internal');
  });

  it('a values file that is missing or outside the workspace is a notice naming the expression and the path; the release stays', () => {
    const files = ws({
      'app/main.tf': NGINX_RELEASE(
        `yamlencode({ controller = { service = { annotations = { "${LBC}-type" = "external", "${LBC}-scheme" = "internal" } } } }), file("\${path.module}/values/missing.yaml"), file("../../shared/values.yaml")`,
      ),
    });
    const r = analyze(files);
    const f = only(r);
    assert.equal(f.frontend.loadBalancer.scheme.value, 'internal');
    const text = messages(r);
    assert.ok(r.notices.some((n) => n.message.includes('helm_release.ingress: values entry file(…) is not read: file("./values/missing.yaml"): app/values/missing.yaml is not among the files Hairpin read')), text);
    assert.ok(r.notices.some((n) => n.message.includes('file("../../shared/values.yaml"): ../shared/values.yaml is not among the files Hairpin read')), text);
  });

  it('template directives: if/else and for are evaluated; one that cannot be is a notice naming the file and the directive', () => {
    const tf = (vars: string) => `resource "helm_release" "gateway" {
  name      = "istio-ingressgateway"
  chart     = "gateway"
  namespace = "istio-system"
  values    = [yamlencode({ replicaCount = 2, service = { annotations = { "${LBC}-type" = "external" } } }), templatefile("\${path.module}/gateway.tftpl", ${vars})]
}
`;
    // Without strip markers each directive leaves its line break: blank lines, which YAML ignores. (`~}` would
    // also strip the next line's indentation, as Terraform does.)
    const template = [
      'service:',
      '  annotations:',
      '%{ for key, value in annotations }',
      '    ${key}: ${value}',
      '%{ endfor }',
      '%{ if internal }',
      `    ${LBC}-scheme: internal`,
      '%{ else }',
      `    ${LBC}-scheme: internet-facing`,
      '%{ endif }',
      '',
    ].join('\n');
    const annotations = `{ "${LBC}-type" = "external", "${LBC}-nlb-target-type" = "instance" }`;
    const member = (internal: string) => {
      const files = ws({ 'gw/main.tf': tf(`{ annotations = ${annotations}, internal = ${internal} }`), 'gw/gateway.tftpl': template });
      return { files, r: analyze(files), at: sliceOf(files) };
    };

    const on = member('true');
    const f = only(on.r);
    assert.equal(on.at(f.frontend.loadBalancer.scheme.span), 'gw/gateway.tftpl: internal');
    // The key and value came from the map in the .tf: the target type points at its literal there.
    assert.equal(on.at(f.frontend.targetGroup.targetType.span), 'gw/main.tf: "instance"');
    assert.ok(on.r.findings.some((x) => x.ruleId === 'HP101'));

    const off = member('false');
    assert.equal(only(off.r).frontend.loadBalancer.scheme.value, 'internet-facing');

    // A condition known only after apply: nothing is guessed; the notice names the template and the directive.
    const unknown = member('data.aws_ssm_parameter.internal.value');
    const g = only(unknown.r);
    assert.equal(g.frontend.loadBalancer.scheme.origin, 'default');
    assert.ok(
      unknown.r.notices.some((n) => n.message.includes('templatefile("./gateway.tftpl"): the directive %{ if internal } cannot be evaluated (data.aws_ssm_parameter.internal.value is known only after apply); the template is not read')),
      messages(unknown.r),
    );
    // The release's other values are still read.
    assert.match(g.cluster.endpoints.why ?? '', /^2 replica/);
  });

  it('templatefile(): a map written with yamlencode()/jsonencode() keeps each value where it is written; a value known only after apply is a notice', () => {
    for (const encode of ['yamlencode', 'jsonencode', 'indent(6, yamlencode']) {
      const close = encode.startsWith('indent') ? '))' : ')';
      const files = ws({
        'gw/main.tf': `resource "helm_release" "gateway" {
  name      = "istio-ingressgateway"
  chart     = "gateway"
  namespace = "istio-system"
  values    = [templatefile("\${path.module}/gateway.yaml.tpl", { annotations = var.annotations, cert = aws_acm_certificate.edge.arn })]
}

variable "annotations" {
  default = {
    "${LBC}-type"            = "external"
    "${LBC}-scheme"          = "internal"
    "${LBC}-nlb-target-type" = "instance"
  }
}
`,
        'gw/gateway.yaml.tpl': `service:
  annotations:
    \${${encode}(merge(annotations, { "${LBC}-ssl-cert" = cert })${close}}
`,
      });
      const at = sliceOf(files);
      const r = analyze(files);
      const f = only(r);
      assert.equal(at(f.frontend.loadBalancer.scheme.span), 'gw/main.tf: "internal"', encode);
      assert.equal(at(f.frontend.targetGroup.targetType.span), 'gw/main.tf: "instance"', encode);
      assert.ok(r.findings.some((x) => x.ruleId === 'HP101'), encode);
      assert.ok(r.notices.some((n) => n.message.includes(`service.annotations.${LBC}-ssl-cert is not known without running Terraform`)), `${encode}\n${messages(r)}`);
    }
  });

  it('a template that Hairpin cannot parse is a notice; a YAML-named template is not reported as broken YAML', () => {
    const files = ws({
      'x/main.tf': NGINX_RELEASE('templatefile("${path.module}/values.yaml", { internal = true }), templatefile("${path.module}/broken.tftpl", {})'),
      'x/values.yaml': `%{ if internal ~}\ncontroller:\n  service:\n    annotations:\n      ${LBC}-type: external\n      ${LBC}-scheme: internal\n%{ endif ~}\n`,
      'x/broken.tftpl': 'controller:\n  replicaCount: %{ while true }\n',
    });
    const r = analyze(files);
    const f = only(r);
    assert.equal(f.frontend.loadBalancer.scheme.value, 'internal');
    assert.ok(!r.notices.some((n) => n.file === 'x/values.yaml'), messages(r));
    assert.ok(r.notices.some((n) => n.message.includes('templatefile("./broken.tftpl"): the directive %{ while true } is not one Hairpin reads')), messages(r));
  });

  it('a hairpin-ignore comment in the values file suppresses the finding that points there', () => {
    const ignored = NGINX_VALUES.replace(`      ${LBC}-nlb-target-type: instance`, `      # hairpin-ignore HP101 the edge pods never call the NLB\n      ${LBC}-nlb-target-type: instance`);
    const plain = analyze(ws({ 'infra/main.tf': NGINX_RELEASE('file("values.yaml")'), 'infra/values.yaml': NGINX_VALUES }));
    const hp101 = plain.findings.find((x) => x.ruleId === 'HP101');
    // The finding sits on the target type (instance targets decide the hairpin), in the values file.
    assert.equal(hp101 && NGINX_VALUES.slice(hp101.span.start, hp101.span.end), 'instance');
    const r = analyze(ws({ 'infra/main.tf': NGINX_RELEASE('file("values.yaml")'), 'infra/values.yaml': ignored }));
    assert.ok(!r.findings.some((x) => x.ruleId === 'HP101'));
    assert.ok(r.suppressed?.some((x) => x.ruleId === 'HP101' && x.span.file === 'infra/values.yaml'));
  });

  it('the module is evaluated again when a values file it reads changes, and only then', () => {
    const cache = new AnalysisCache();
    const read = (values: string) => ws({ 'infra/main.tf': NGINX_RELEASE('file("${path.module}/values.yaml")'), 'infra/values.yaml': values }).map((f) => readFile(f));
    const first = read(NGINX_VALUES);
    const a = analyzeFacts(first, { cache });
    assert.equal(only(a).frontend.loadBalancer.scheme.value, 'internal');
    // The same texts read again: the module's facts are kept.
    const again = analyzeFacts([first[0]!, read(NGINX_VALUES)[1]!], { cache });
    assert.equal(only(again).frontend.loadBalancer, only(a).frontend.loadBalancer);
    const b = analyzeFacts([first[0]!, read(NGINX_VALUES.replace('scheme: internal', 'scheme: internet-facing'))[1]!], { cache });
    assert.equal(only(b).frontend.loadBalancer.scheme.value, 'internet-facing');
    assert.ok(!b.findings.some((x) => x.ruleId === 'HP101'));
  });
});
