import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');

/** README.md and every markdown page under docs/. */
function pages(): string[] {
  const out = ['README.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${name}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) out.push(path);
    }
  };
  walk('docs');
  return out;
}

/** Markdown links and images outside code blocks and code spans: `[text](target)`, `![alt](target)`. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const isExternal = (t: string) => /^[a-z][a-z0-9+.-]*:/i.test(t);

describe('documentation links', () => {
  it('finds links and anchors the way GitHub renders them', () => {
    assert.deepEqual(linkTargets('[a](x.md) ![p](img/a.png) `[no](code.md)`\n```\n[no](block.md)\n```\n[b](<y z.md>) [c](d.md "title")'), ['x.md', 'img/a.png', 'd.md']);
    assert.deepEqual([...headingAnchors('# HP101 hairpin-reset\n## The cluster: `.hairpin.yaml`\n## Try it\n## Try it\n```\n# not a heading\n```')], [
      'hp101-hairpin-reset',
      'the-cluster-hairpinyaml',
      'try-it',
      'try-it-1',
    ]);
  });

  for (const page of pages()) {
    it(`every relative link in ${page} points at a file that exists (and a heading that exists)`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      const targets = linkTargets(text).filter((t) => !isExternal(t));
      for (const target of targets) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURI(path));
        const repoPath = relative(ROOT, file).split('\\').join('/');
        assert.ok(existsSync(file), `${page}: the link "${target}" points at ${repoPath}, which does not exist`);
        if (anchor && file.endsWith('.md')) {
          assert.ok(headingAnchors(readFileSync(file, 'utf8')).has(anchor), `${page}: "${target}": ${repoPath} has no heading #${anchor}`);
        }
      }
    });
  }

  it('the README links the configuration reference, the rule pages and the pages arriving from other branches', () => {
    const targets = linkTargets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    for (const t of ['docs/configuration.md', 'docs/rules/HP101.md', 'docs/cli.md', 'docs/ci.md', 'docs/images/hairpin.png']) {
      assert.ok(targets.includes(t), `README links ${t}`);
    }
  });
});
