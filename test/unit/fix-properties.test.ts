import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/fix/fixes';
import { applyEdits } from '../../server/src/core/fix/types';
import { parsesCleanly } from '../helpers/fix';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';
import { mutatedFixtures } from '../helpers/mutate';

const ROOT = join(__dirname, '..', '..');
const SOURCES = [
  { path: 'examples/istio-gateway/gateway-service.yaml', text: readFileSync(join(ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8') },
  ...[
    'k8s-extra/operator/istio-operator.yaml',
    'k8s-extra/chart/values.yaml',
    'k8s-extra/umbrella/values.yaml',
    'k8s-extra/nodeport/service.yaml',
    'k8s-extra/gateway-api/istio-gateway.yaml',
    'cloudformation/ip-targets.json',
    'terraform/plain/main.tf',
    'terraform/alb-module/main.tf',
    'terraform/k8s-service/service.tf',
    'cloudformation/internal-nlb.yaml',
    'cloudformation/cdk.out/GatewayNlbStack.template.json',
    'cdk/gateway-nlb-stack.ts',
    'cdk/gateway_nlb_stack.py',
    'cdk/wiring.py',
  ].map(fixture),
];
const FRAGMENTS = ['\n', '  ', '    ', ': ', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '=', 'annotations:', 'preserve_client_ip.enabled=true', 'preserve_client_ip = "true"', 'preserveClientIp: true,', '\t', '{}'];

describe('quick fixes on mutated fixtures', () => {
  before(initTestGrammars);

  it('fixesFor never throws, and every offered edit keeps a file that parsed still parsing in its format', () => {
    fc.assert(
      fc.property(mutatedFixtures(SOURCES, FRAGMENTS, 40), (file) => {
        const files = [file];
        const result = analyze(files);
        const parsedBefore = parsesCleanly(file);
        for (const finding of result.findings) {
          const analysis = result.frontends.find((a) => a.frontend.id === finding.frontendId)!;
          const proposals = fixesFor(finding, analysis, (p) => (p === file.path ? file.text : undefined));
          assert.equal(proposals.length, finding.mitigations.length);
          assert.ok(proposals.filter((p) => p.preferred).length <= 1);
          for (const p of proposals) {
            assert.ok(p.edits.length > 0 || p.unavailable, `${p.title}: neither edits nor a reason`);
            const mine = p.edits.filter((e) => e.file === file.path);
            assert.equal(mine.length, p.edits.length, 'edits stay in the files the analysis saw');
            const sorted = [...mine].sort((a, b) => a.start - b.start);
            sorted.forEach((e, i) => {
              assert.ok(e.start >= 0 && e.start <= e.end && e.end <= file.text.length, 'edits lie inside the text');
              if (i > 0) assert.ok(sorted[i - 1]!.end <= e.start || sorted[i - 1]!.start === e.start, 'edits do not overlap');
            });
            if (mine.length > 0 && parsedBefore) {
              const after = { ...file, text: applyEdits(file.text, mine) };
              assert.ok(parsesCleanly(after), `"${p.title}" broke ${file.path}:\n${after.text}`);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
