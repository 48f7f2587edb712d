import fc from 'fast-check';
import type { SourceFile } from '../../server/src/core/model/workspace';

/** Mutated copies of real fixtures: cut short, spliced with syntax fragments, or with a line repeated. */
export function mutatedFixtures(sources: readonly SourceFile[], fragments: readonly string[], maxSplice = 60): fc.Arbitrary<SourceFile> {
  return fc
    .record({
      which: fc.nat({ max: sources.length - 1 }),
      at: fc.nat(),
      length: fc.nat({ max: maxSplice }),
      insert: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...fragments)),
      op: fc.constantFrom('replace', 'truncate', 'duplicate-line'),
    })
    .map((m) => {
      const base = sources[m.which]!;
      const pos = m.at % (base.text.length + 1);
      if (m.op === 'truncate') return { path: base.path, text: base.text.slice(0, pos) };
      if (m.op === 'replace') return { path: base.path, text: base.text.slice(0, pos) + m.insert + base.text.slice(pos + m.length) };
      const lines = base.text.split('\n');
      const i = pos % lines.length;
      lines.splice(i, 0, lines[i]!);
      return { path: base.path, text: lines.join('\n') };
    });
}
