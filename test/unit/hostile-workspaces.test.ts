import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { isAnalysablePath } from '../../server/src/core/parse/read-file';
import { loadConfig } from '../../server/src/cli/config';
import { collectFiles } from '../../server/src/host/collect-files';
import { initTestGrammars } from '../helpers/grammars';

/**
 * The CLI's analysis (collectFiles, loadConfig, analyze: what `hairpin check` runs) over generated
 * workspaces that mix every kind of hostile input: huge counts, unusable config values, odd encodings
 * and line breaks, deep nesting, enum typos, pipes, devices and links. Three things must hold: nothing
 * escapes as an exception, every file skipped has a notice, and the benign files' findings are the
 * same as in the same workspace without the hostile files.
 */

const ROOT = join(__dirname, '..', '..');
const SEED = readFileSync(join(ROOT, 'test/fixtures/k8s/seed.yaml'), 'utf8');
const MAX_CHARS = 200_000;

const service = (name: string, namespace: string, extra = '') =>
  SEED.replace('name: istio-ingressgateway', `name: ${name}`).replace('namespace: istio-system', `namespace: ${namespace}`).replace('  annotations:\n', `  annotations:\n${extra}`);
const deployment = (namespace: string, replicas: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw, namespace: ${namespace}}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {istio: ingressgateway}\n`;

/** Benign files: each its own Service in its own namespace. */
const BENIGN: Record<string, string> = {
  'apps/a.yaml': service('a', 'team-a'),
  'apps/b.yaml': service('b', 'team-b', '    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n'),
  'apps/c/c.yaml': `${service('c', 'team-c')}---\n${deployment('team-c', '4')}`,
  'apps/d.yaml': service('d', 'team-d', '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n'),
};

type Hostile = (dir: string, outside: string) => void;
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const bytes = Buffer.from(text, 'utf16le');
  for (let i = 0; i < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]);
};
const misspelt = (fixture: string, from: string, to: string) => {
  const text = readFileSync(join(ROOT, 'test/fixtures', fixture), 'utf8');
  assert.ok(text.includes(from), `${fixture} holds ${from}`);
  return text.replace(from, to);
};
const write = (path: string, data: string | Buffer) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
};

/** Hostile files, all in namespaces of their own so that they cannot link to a benign Service. */
const HOSTILE: Record<string, Hostile> = {
  'huge replicas': (d) => write(join(d, 'x/replicas.yaml'), `${service('huge', 'hostile-1')}---\n${deployment('hostile-1', '1000000000')}`),
  'UTF-16 with BOM': (d) => write(join(d, 'x/wide.yaml'), utf16(service('wide', 'hostile-2'))),
  'UTF-8 BOM, CR-only': (d) => write(join(d, 'x/cr.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(service('cr', 'hostile-3').replace(/\n/g, '\r'))])),
  'UTF-16 BE with BOM, CRLF': (d) => write(join(d, 'x/wide-be.yaml'), utf16be(service('wide-be', 'hostile-6').replace(/\n/g, '\r\n'))),
  'UTF-16 without a BOM': (d) => write(join(d, 'x/nobom.yaml'), Buffer.from(service('nobom', 'hostile-7'), 'utf16le')),
  'deep HCL': (d) => write(join(d, 'tf/deep.tf'), `locals {\n  x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n}\nresource "aws_lb" "deep" {\n  load_balancer_type = "network"\n  internal = true\n}\n`),
  'CDK TypeScript enum typo': (d) => write(join(d, 'cdk/typo-stack.ts'), misspelt('cdk/pod-targets-stack.ts', 'TargetType.IP', 'TargetType.IPP')),
  'CDK Python enum typo': (d) => write(join(d, 'cdk/typo_stack.py'), misspelt('cdk/wiring.py', 'TargetType.INSTANCE', 'TargetType.INSTANSE')),
  'folder names a URI encodes': (d) => write(join(d, 'x/team@corp #1 [ü]+a&b=c 100%/svc.yaml'), service('encoded', 'hostile-8')),
  'many small files': (d) => {
    for (let i = 0; i < 300; i++) write(join(d, `many/cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: hostile-9}\ndata: {k: v}\n`);
  },
  'deep nesting': (d) => write(join(d, 'x/deep.yaml'), `${service('deep', 'hostile-4')}  x: ${'['.repeat(60_000)}${']'.repeat(60_000)}\n---\n${service('after-deep', 'hostile-4')}`),
  'enum typo': (d) => write(join(d, 'x/typo.yaml'), service('typo', 'hostile-5', '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instanse\n')),
  'Terraform enum typo': (d) => write(join(d, 'tf/lb.tf'), 'resource "aws_lb" "x" {\n  load_balancer_type = "netwrok"\n  internal = true\n}\n'),
  'CloudFormation enum typo': (d) => write(join(d, 'cfn/typo.yaml'), readFileSync(join(ROOT, 'test/fixtures/cloudformation/preservation-off.yaml'), 'utf8').replace('TargetType: instance', 'TargetType: instanse')),
  // Members found after the first round (issue 11 review): each used to crash, drop an NLB or mislead silently.
  'negative and fractional replicas': (d) => write(join(d, 'x/negative.yaml'), `${service('neg', 'hostile-10')}---\n${deployment('hostile-10', '-5')}---\n${deployment('hostile-10', '1.5').replace('name: gw', 'name: gw2')}`),
  'ports out of range': (d) => write(join(d, 'x/bad-port.yaml'), service('badport', 'hostile-11').replace('port: 443', 'port: 99999999999').replace('targetPort: 8443', 'targetPort: 65536\n      nodePort: -1')),
  'Service type typo': (d) => write(join(d, 'x/type-typo.yaml'), service('typetypo', 'hostile-12').replace('type: LoadBalancer', 'type: LoadBalancr')),
  'CloudFormation Type typo': (d) => write(join(d, 'cfn/netwrok.template.json'), misspelt('cloudformation/ip-targets.json', '"Type": "network"', '"Type": "netwrok"')),
  'deep TypeScript': (d) => write(join(d, 'cdk/deep-stack.ts'), misspelt('cdk/pod-targets-stack.ts', 'port: 8443,', `port: ${'('.repeat(5000)}8443${')'.repeat(5000)},`)),
  'HCL exponents': (d) => write(join(d, 'tf2/exp.tf'), 'resource "aws_lb" "exp" {\n  count = 1e9\n  load_balancer_type = "network"\n  internal = true\n}\nresource "aws_lb_listener" "exp" {\n  load_balancer_arn = aws_lb.exp.arn\n  port = 1e308\n  protocol = "TCP"\n}\n'),
  'folder named like a file': (d) => mkdirSync(join(d, 'x/folder.yaml/inner.yaml'), { recursive: true }),
  'loop of links': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync(join(d, 'x/loop-b.yaml'), join(d, 'x/loop-a.yaml'));
    symlinkSync(join(d, 'x/loop-a.yaml'), join(d, 'x/loop-b.yaml'));
  },
  'binary junk': (d) => write(join(d, 'x/junk.yaml'), Buffer.from([0, 1, 2, 255, 254, 0, 10])),
  'oversized': (d) => write(join(d, 'x/big.yaml'), `# ${'x'.repeat(MAX_CHARS * 5)}\n`),
  'helm template': (d) => write(join(d, 'x/templates/svc.yaml'), 'metadata:\n  name: {{ .Release.Name }}\n'),
  'syntax error': (d) => write(join(d, 'x/broken.yaml'), 'a: [\n'),
  'named pipe': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    execFileSync('mkfifo', [join(d, 'x/pipe.yaml')]);
  },
  'link outside': (d, out) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync(join(out, 'secret.yaml'), join(d, 'x/outside.yaml'));
  },
  'link to a pipe': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    execFileSync('mkfifo', [join(d, 'x/pipe-target')]);
    symlinkSync(join(d, 'x/pipe-target'), join(d, 'x/to-pipe.yaml'));
  },
  'link inside to a benign file': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync(join(d, 'apps/a.yaml'), join(d, 'x/alias-of-a.yaml'));
  },
  'link to a device': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync('/dev/zero', join(d, 'x/zero.yaml'));
  },
  'dangling link': (d) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync(join(d, 'x/nothing.yaml'), join(d, 'x/dangling.yaml'));
  },
  'link to a folder': (d, out) => {
    mkdirSync(join(d, 'x'), { recursive: true });
    symlinkSync(out, join(d, 'x/folder-link'));
  },
};

/** Cluster-wide inputs apply to benign files too, so they are in both workspaces; they must not crash either. */
const configText = fc
  .record({
    zones: fc.array(fc.tuple(fc.constantFrom('zone-a', 'constructor', '__proto__', 'z b', 'toString'), fc.oneof(fc.constantFrom('100000000', '1000000', '-5', '1.5', '2'), fc.constant('[n1, n1, toString, constructor]'))), { maxLength: 3 }),
    endpoints: fc.constantFrom('', '  endpoints: {n1: -5, toString: 1.5, constructor: 2}\n', '  endpoints: {n1: 3}\n'),
    workload: fc.constantFrom('', 'workload: {concurrentConnectionsPerSource: 1.5}\n', 'workload: {sourcePorts: 1000000}\n'),
    // Unknown enum values, wrong types and unknown keys.
    other: fc.constantFrom('', '  cni: banana\n', '  cni: 42\n', '  colour: blue\n', '  nodesPerZone: lots\n'),
    clients: fc.constantFrom('', 'clients: [pod@constructor, pod@n1, vpc]\n'),
  })
  .map((c) => `cluster:\n${c.zones.length ? `  zones:\n${c.zones.map(([z, v]) => `    ${JSON.stringify(z)}: ${v}\n`).join('')}` : ''}${c.endpoints}${c.other}${c.clients}${c.workload}`);
const eksSize = fc.option(fc.constantFrom('100000000', '3', '0', '-2'), { nil: undefined });

function makeWorkspace(hostile: readonly string[], config: string | undefined, eks: string | undefined, outside: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-prop-'));
  for (const [rel, text] of Object.entries(BENIGN)) write(join(dir, rel), text);
  if (config !== undefined) writeFileSync(join(dir, '.hairpin.yaml'), config);
  if (eks !== undefined) write(join(dir, 'infra/eks.tf'), `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    big = { desired_size = ${eks} }\n  }\n}\n`);
  for (const name of hostile) HOSTILE[name]!(dir, outside);
  return dir;
}

/** What `hairpin check` does, minus printing. */
function runCheck(dir: string) {
  const collected = collectFiles([dir], MAX_CHARS);
  const config = loadConfig([dir], undefined, dir);
  assert.ok(config.ok);
  const result = analyze(collected.files, { limits: { maxFileSize: MAX_CHARS }, traces: false, ...(config.overrides ? { clusterOverrides: config.overrides } : {}) });
  return { collected, result, configNotices: config.notices };
}

/** Every path under `dir` a reader would take by its name, links and pipes included (folders not followed). */
function analysablePaths(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...analysablePaths(p));
    else if (isAnalysablePath(p)) out.push(p);
    else if (st.isSymbolicLink()) out.push(p);
  }
  return out;
}

describe('hostile workspaces (property over every kind)', () => {
  before(() => initTestGrammars());

  it('no exception escapes, every skipped file has a notice, benign findings do not change', { timeout: 300_000, skip: process.platform === 'win32' }, () => {
    const outside = mkdtempSync(join(tmpdir(), 'hairpin-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), service('secret', 'outside'));
    fc.assert(
      fc.property(fc.subarray(Object.keys(HOSTILE), { minLength: 1 }), fc.option(configText, { nil: undefined }), eksSize, (hostile, config, eks) => {
        const base = makeWorkspace([], config, eks, outside);
        const full = makeWorkspace(hostile, config, eks, outside);
        try {
          const before = runCheck(base);
          const after = runCheck(full);
          // 2. Every analysable path that was not read has a notice that names it.
          const read = new Set(after.collected.files.map((f) => f.path));
          const noticed = new Set([...after.collected.notices, ...after.result.notices].map((n) => n.file));
          for (const p of analysablePaths(full)) {
            if (p.endsWith('.hairpin.yaml')) continue;
            assert.ok(read.has(p) || noticed.has(p), `${relative(full, p)} was skipped without a notice`);
          }
          // Files read but not usable say so too.
          for (const name of ['junk.yaml', 'big.yaml', 'broken.yaml', 'deep.yaml', 'x/typo.yaml', 'templates/svc.yaml', 'lb.tf', 'cfn/typo.yaml', 'nobom.yaml', 'cdk/typo-stack.ts', 'cdk/typo_stack.py', 'negative.yaml', 'bad-port.yaml', 'type-typo.yaml', 'netwrok.template.json', 'cdk/deep-stack.ts', 'tf2/exp.tf']) {
            const f = after.collected.files.find((x) => x.path.endsWith(`/${name}`));
            if (f) assert.ok(noticed.has(f.path), `${name}.yaml has no notice`);
          }
          // 3. The benign files' findings are the same with and without the hostile ones.
          const benign = (r: ReturnType<typeof runCheck>, dir: string) =>
            r.result.findings
              .filter((f) => relative(dir, f.span.file) in BENIGN)
              .map((f) => `${relative(dir, f.span.file)} ${f.ruleId} ${f.span.start}-${f.span.end} ${f.probabilityExact ?? f.probability}`)
              .sort();
          assert.deepEqual(benign(after, full), benign(before, base));
          if (config === undefined && eks === undefined) assert.ok(benign(before, base).length > 0);
          // Nothing from outside the workspace was read, and no file was read twice (a link inside is its target).
          assert.ok(!after.result.frontends.some((a) => a.frontend.name.includes('secret')));
          const ids = after.result.frontends.map((a) => a.frontend.id);
          assert.deepEqual(ids, [...new Set(ids)], 'a frontend was analysed twice');
        } finally {
          rmSync(base, { recursive: true, force: true });
          rmSync(full, { recursive: true, force: true });
        }
      }),
      { numRuns: 20 },
    );
  });
});
