/**
 * After an edit, only the listeners whose lookups now answer differently are linked and analysed again
 * (cache/listener-links.ts), and the result is always what a fresh analysis gives: over random edits to
 * workspaces whose names, NodePorts, labels and bindings collide across files, and for the cross-file
 * joins one at a time.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, analyzeFacts } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import type { FileFacts, SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import { AnalysisState } from '../../server/src/lsp/analysis-state';
import { collidingFile } from '../helpers/colliding-workspace';
import { initTestGrammars } from '../helpers/grammars';
import { edgeNlbTf } from '../helpers/terraform-nlb';

/** A Terraform NLB whose instance target group (named like the bindings' targets) sends to a NodePort. */
const terraformNlb = (label: number, nodePort: number, crossZone: boolean) => edgeNlbTf({ tgName: `tg-${label}`, tgPort: 30000 + nodePort, crossZone });

type Params = readonly [ns: number, name: number, nodePort: number, label: number, replicas: number];
const params = fc.tuple(fc.nat(2), fc.nat(3), fc.nat(4), fc.nat(3), fc.integer({ min: 1, max: 5 }));

type Op = { kind: 'k8s'; slot: number; p: Params } | { kind: 'tf'; slot: number; label: number; nodePort: number; crossZone: boolean } | { kind: 'delete'; slot: number } | { kind: 'comment'; slot: number };
const SLOTS = 6;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('k8s' as const), slot: fc.nat(SLOTS - 1), p: params }),
  fc.record({ kind: fc.constant('tf' as const), slot: fc.nat(SLOTS - 1), label: fc.nat(3), nodePort: fc.nat(4), crossZone: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), slot: fc.nat(SLOTS - 1) }),
  fc.record({ kind: fc.constant('comment' as const), slot: fc.nat(SLOTS - 1) }),
);

/** Slot i is `gen/i/k8s.yaml` or `gen/i/main.tf` (one folder each: one Terraform module each). */
const pathOf = (o: Op, texts: Map<string, string>) =>
  o.kind === 'k8s' ? `file:///ws/gen/${o.slot}/k8s.yaml` : o.kind === 'tf' ? `file:///ws/gen/${o.slot}/main.tf` : [...texts.keys()].find((p) => p.startsWith(`file:///ws/gen/${o.slot}/`));

/** Reads the files as the language server does: a file whose text did not change keeps its facts objects. */
function reader(): (texts: ReadonlyMap<string, string>) => FileFacts[] {
  const known = new Map<string, { text: string; facts: FileFacts }>();
  return (texts) =>
    [...texts].map(([path, text]) => {
      const k = known.get(path);
      if (k?.text === text) return k.facts;
      const facts = readFile({ path, text });
      known.set(path, { text, facts });
      return facts;
    });
}

describe('listeners are linked again only when what they read changed', () => {
  before(initTestGrammars);

  it('random edits to colliding Services, Deployments, bindings and Terraform target groups give what a fresh analysis gives', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const state = new AnalysisState();
        const texts = new Map<string, string>();
        for (const [k, o] of ops.entries()) {
          const path = pathOf(o, texts);
          if (!path) continue;
          if (o.kind === 'delete') {
            state.removeDisk(path);
            texts.delete(path);
          } else {
            const text = o.kind === 'k8s' ? collidingFile(o.slot, ...o.p) : o.kind === 'tf' ? terraformNlb(o.label, o.nodePort, o.crossZone) : `${texts.get(path)}\n# edit ${k}\n`;
            state.setDisk(path, text);
            texts.set(path, text);
          }
          const files: SourceFile[] = [...texts].map(([p, text]) => ({ path: p, text }));
          assert.deepEqual(state.analyze(), analyze(files, { traces: false }));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('editing one of twenty Services links that Service\'s listener again, not the others', () => {
    const texts = new Map(Array.from({ length: 20 }, (_, i) => [`file:///ws/s${i}.yaml`, collidingFile(i, i, i, i, i, 2)] as const));
    const cache = new AnalysisCache();
    const facts = reader();
    analyzeFacts(facts(texts), { traces: false, cache });
    assert.equal(cache.listenerLinks.relinked, 20);
    texts.set('file:///ws/s7.yaml', texts.get('file:///ws/s7.yaml')!.replace('nlb-target-type: instance', 'nlb-target-type: ip'));
    const result = analyzeFacts(facts(texts), { traces: false, cache });
    assert.equal(cache.listenerLinks.relinked, 1);
    assert.deepEqual(result, analyze([...texts].map(([path, text]) => ({ path, text })), { traces: false }));
  });

  it('a Service in another file taking or leaving the NodePort a Terraform target group sends to links that target group\'s listener again', () => {
    const texts = new Map<string, string>([
      ['file:///ws/infra/main.tf', terraformNlb(9, 2, true)],
      ...Array.from({ length: 5 }, (_, i) => [`file:///ws/k8s/s${i}.yaml`, collidingFile(i, i, i, i, i + 10, 2)] as const),
    ]);
    const cache = new AnalysisCache();
    const facts = reader();
    const first = analyzeFacts(facts(texts), { traces: false, cache });
    const tf = () => first.frontends.find((f) => f.frontend.file === 'file:///ws/infra/main.tf')!;
    assert.equal(tf().frontend.service?.name, 'svc-2', 'NodePort 30002 belongs to svc-2');
    // svc-2 moves to NodePort 30004 (and svc-4 already has it): the target group now finds no Service.
    texts.set('file:///ws/k8s/s2.yaml', collidingFile(2, 2, 2, 4, 12, 2));
    const after = analyzeFacts(facts(texts), { traces: false, cache });
    assert.equal(after.frontends.find((f) => f.frontend.file === 'file:///ws/infra/main.tf')!.frontend.service, undefined);
    assert.equal(cache.listenerLinks.relinked, 2, "svc-2's own listener and the Terraform one");
    assert.deepEqual(after, analyze([...texts].map(([path, text]) => ({ path, text })), { traces: false }));
  });
});
