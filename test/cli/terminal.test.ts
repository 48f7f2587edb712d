import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Colour and progress depend on what is a terminal. A real pseudo-terminal comes from util-linux's
 * `script` (Debian): `script -qec CMD /dev/null` runs CMD with stdout and stderr on a new terminal,
 * and prints what reached that terminal.
 */

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = 'examples/istio-gateway';
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const T = { skip: hasScript ? false : 'util-linux script is not installed' };
const ESC = '\x1b[';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The environment without the colour variables the test runner's own environment may carry. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...extra };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS']) if (!(k in extra)) delete e[k];
  return e;
}

/** Runs hairpin on a terminal; `redirect` is shell text appended to the command (e.g. `> out.txt`). */
function onTerminal(args: readonly string[], extra: Record<string, string> = {}, redirect = ''): string {
  const cmd = `${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')} ${redirect}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: env(extra), timeout: 60_000 });
  assert.equal(r.error, undefined);
  return r.stdout;
}

function inPipe(args: readonly string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: env(extra) });
}

describe('colour: on a terminal only, never with NO_COLOR', () => {
  it('a terminal gets coloured severities, file headers and summary', T, () => {
    const out = onTerminal(['check', EXAMPLE]);
    assert.ok(out.includes(`${ESC}31merror${ESC}39m`), JSON.stringify(out));
    assert.ok(out.includes(`${ESC}33mwarning${ESC}39m`));
    assert.ok(out.includes(`${ESC}4mexamples/istio-gateway/gateway-service.yaml${ESC}24m`));
    assert.match(out, /HP101 hairpin-reset/);
  });

  it('a pipe gets none', () => {
    const r = inPipe(['check', EXAMPLE]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /HP101 hairpin-reset/);
    assert.ok(!r.stdout.includes(ESC));
  });

  for (const [what, args, extra] of [
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['NO_COLOR=true', [], { NO_COLOR: 'true' }],
    ['--no-color', ['--no-color'], {}],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }],
    ['TERM=dumb', [], { TERM: 'dumb' }],
    ['NO_COLOR=1 with FORCE_COLOR=1', [], { NO_COLOR: '1', FORCE_COLOR: '1' }],
  ] as const) {
    it(`a terminal with ${what} gets none`, T, () => {
      const out = onTerminal(['check', EXAMPLE, ...args], extra);
      assert.match(out, /HP101 hairpin-reset/);
      assert.ok(!out.includes(ESC), JSON.stringify(out));
    });
  }

  it('an empty NO_COLOR does not count (no-color.org: set and not empty)', T, () => {
    assert.ok(onTerminal(['check', EXAMPLE], { NO_COLOR: '' }).includes(`${ESC}31merror`));
  });

  for (const [what, args, extra] of [
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1' }],
    ['--color', ['--color'], {}],
    ['--color over NO_COLOR=1', ['--color'], { NO_COLOR: '1' }],
  ] as const) {
    it(`a pipe with ${what} gets colour`, () => {
      const r = inPipe(['check', EXAMPLE, ...args], extra);
      assert.ok(r.stdout.includes(`${ESC}31merror${ESC}39m`), r.stdout);
    });
  }

  it('an --output file is coloured only with --color, not by FORCE_COLOR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-out-'));
    assert.equal(inPipe(['check', EXAMPLE, '--output', join(dir, 'forced.txt')], { FORCE_COLOR: '1' }).status, 1);
    assert.ok(!readFileSync(join(dir, 'forced.txt'), 'utf8').includes(ESC));
    assert.equal(inPipe(['check', EXAMPLE, '--output', join(dir, 'asked.txt'), '--color']).status, 1);
    assert.ok(readFileSync(join(dir, 'asked.txt'), 'utf8').includes(`${ESC}31merror`));
  });

  it('JSON, SARIF and an --output file are never coloured, even on a terminal', T, () => {
    for (const format of ['json', 'sarif']) {
      const out = onTerminal(['check', EXAMPLE, '--format', format]);
      assert.ok(!out.includes(ESC), format);
      assert.match(out, /"HP101"/);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'hairpin-tty-')), 'report.txt');
    assert.equal(onTerminal(['check', EXAMPLE, '--output', file]), '');
    const written = readFileSync(file, 'utf8');
    assert.match(written, /HP101 hairpin-reset/);
    assert.ok(!written.includes(ESC));
  });
});

describe('progress on standard error for large trees, on a terminal only', () => {
  function tree(n: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-tree-'));
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `cm-${String(i).padStart(4, '0')}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\ndata: {k: "${i}"}\n`);
    return dir;
  }

  it('a terminal standard error shows files read / total, and the line is cleared at the end', T, () => {
    const dir = tree(150);
    const out = join(dir, '..', `${dir.split('/').pop()}.out`);
    // stdout to a file: what reaches the terminal is standard error alone.
    const terminal = onTerminal(['check', dir], {}, `> ${quote(out)}`);
    assert.match(terminal, /hairpin: analysing 150\/150 files/);
    assert.match(terminal, /hairpin: reading \d+ files/);
    assert.ok(terminal.endsWith(`\r${ESC}K`), JSON.stringify(terminal.slice(-40)));
    // The report itself has no trace of it.
    const report = readFileSync(out, 'utf8');
    assert.match(report, /^0 findings .* in 150 files/m);
    assert.ok(!report.includes('\r') && !report.includes('analysing'));
  });

  it('standard error to a pipe or a file gets none', T, () => {
    const dir = tree(150);
    const r = inPipe(['check', dir]);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    const err = join(dir, '..', `${dir.split('/').pop()}.err`);
    const terminal = onTerminal(['check', dir], {}, `2> ${quote(err)}`);
    assert.match(terminal, /0 findings/);
    assert.ok(!terminal.includes('analysing'));
    assert.equal(readFileSync(err, 'utf8'), '');
  });

  it('a small tree on a terminal shows none', T, () => {
    const terminal = onTerminal(['check', tree(5)], {}, '> /dev/null');
    assert.equal(terminal, '');
  });
});
