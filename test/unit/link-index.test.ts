/**
 * The link indexes must give the same frontends (and the same backend workloads, and the same Gateway
 * API joins) as the scans they replaced, over the fixtures and over random workspaces in which names,
 * NodePorts, labels and bindings collide, in any file order.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { backendWorkload, workspaceCluster } from '../../server/src/core/link/cluster';
import { linkFrontends } from '../../server/src/core/link/frontends';
import { gatewayApiFacts } from '../../server/src/core/link/gateway-api';
import { helmReleaseFacts } from '../../server/src/core/link/helm-release-values';
import { terraformFacts } from '../../server/src/core/link/terraform/terraform-facts';
import type { FileFacts } from '../../server/src/core/model/workspace';
import { isAnalysablePath, readFile } from '../../server/src/core/parse/read-file';
import { collidingFile as generated } from '../helpers/colliding-workspace';
import { FIXTURES } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';
import { backendWorkloadScan } from './reference/backend-workload-scan';
import { linkFrontends as linkFrontendsScan } from './reference/frontends-scan';
import { gatewayApiFacts as gatewayApiFactsScan } from './reference/gateway-api-scan';

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? fixtureFiles(p) : isAnalysablePath(p) ? [p] : [];
  });
}

/** What analyze() links: the files plus the Terraform modules, Helm releases and gateways made from them. */
function linkInputs(files: readonly FileFacts[], gateways: (f: readonly FileFacts[]) => FileFacts[]): FileFacts[] {
  const modules = terraformFacts(files);
  return [...files, ...modules, ...helmReleaseFacts(modules), ...gateways(files)];
}

function assertSameLinks(files: readonly FileFacts[]): void {
  const indexed = linkInputs(files, gatewayApiFacts);
  const scanned = linkInputs(files, gatewayApiFactsScan);
  assert.deepEqual(indexed, scanned, 'gateway API joins differ');
  const frontends = linkFrontends(indexed);
  assert.deepEqual(frontends, linkFrontendsScan(scanned));
  const ws = workspaceCluster(indexed);
  for (const f of frontends) assert.equal(backendWorkload(f, ws.workloadIndex!), backendWorkloadScan(f, ws.workloads), `backend workload of ${f.id}`);
}

describe('link indexes give the same frontends as the scans they replaced', () => {
  let pool: FileFacts[] = [];
  before(async () => {
    await initTestGrammars();
    pool = fixtureFiles(FIXTURES).map((p) => readFile({ path: relative(FIXTURES, p), text: readFileSync(p, 'utf8') }));
  });

  it('every fixture, all together', () => {
    assert.ok(linkFrontends(linkInputs(pool, gatewayApiFacts)).length > 10);
    assertSameLinks(pool);
  });

  it('random subsets and orders of the fixtures plus colliding generated files', () => {
    const extra = fc.array(fc.tuple(fc.nat(2), fc.nat(4), fc.nat(5), fc.nat(3), fc.integer({ min: 1, max: 6 })), { maxLength: 12 });
    fc.assert(
      fc.property(fc.shuffledSubarray(pool), extra, (subset, generatedFiles) => {
        const made = generatedFiles.map(([ns, name, port, label, replicas], i) => readFile({ path: `gen/${i % 3}/g${i}.yaml`, text: generated(i, ns, name, port, label, replicas) }));
        assertSameLinks([...subset, ...made]);
      }),
      { numRuns: 60 },
    );
  });
});
