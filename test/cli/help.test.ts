import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/args';
import { COMMANDS, OPTIONS, optionsOf } from '../../server/src/cli/options';
import { closest } from '../../server/src/cli/suggest';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = 'examples/istio-gateway';

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every `--flag` literal the parser compares against: a flag it accepts must be documented. */
function parserFlags(): string[] {
  const source = readFileSync(join(ROOT, 'server/src/cli/args.ts'), 'utf8');
  return [...new Set([...source.matchAll(/'(--[a-z][a-z-]*)'/g)].map((m) => m[1]!))].sort();
}

describe('every command has its own --help', () => {
  for (const command of COMMANDS) {
    it(`hairpin ${command} --help, -h and hairpin help ${command}: its usage, its options and only those, examples; exit 0`, () => {
      const help = hairpin(command, '--help');
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stderr, '');
      assert.match(help.stdout, new RegExp(`^Usage: hairpin ${command} \\[options\\] `));
      assert.match(help.stdout, new RegExp(`^Examples:\\n(  .*hairpin ${command} .*\\n)+`, 'm'));
      for (const o of OPTIONS) {
        const listed = new RegExp(`^  ${o.flag}${o.value ? ` ${o.value.replace(/[|[\].]/g, '\\$&')}` : ''}( |$)`, 'm').test(help.stdout);
        assert.equal(listed, o.commands.includes(command), `${command} --help and ${o.flag} ${o.value ?? ''}`);
      }
      // The same text however it is asked for, and with PATHs or other options around it.
      assert.equal(hairpin(command, '-h').stdout, help.stdout);
      assert.equal(hairpin('help', command).stdout, help.stdout);
      assert.equal(hairpin(command, EXAMPLE, '--help').stdout, help.stdout);
    });
  }

  it('hairpin --help lists the commands, every option with the commands it belongs to, and points to the per-command help', () => {
    const help = hairpin('--help');
    assert.equal(help.code, 0);
    for (const command of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    assert.match(help.stdout, /hairpin <command> --help/);
    for (const o of OPTIONS) assert.ok(help.stdout.includes(`  ${o.flag}${o.value ? ` ${o.value}` : ''}`), o.flag);
    assert.equal(hairpin('help').stdout, help.stdout);
    const unknown = hairpin('help', 'chekc');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, 'hairpin: no help for "chekc"; did you mean check? The commands are check, simulate, explain; see hairpin --help\n');
    assert.equal(hairpin().stdout, help.stdout);
  });

  it('every flag the parser knows is in the options table, each command it belongs to accepts it, and the others refuse it', () => {
    const flags = parserFlags();
    for (const f of ['--output', '--rule', '--skip-rule', '--verbose', '--config', '--fail-on', '--color', '--no-color']) assert.ok(flags.includes(f), f);
    for (const flag of flags.filter((f) => f !== '--version')) assert.ok(OPTIONS.some((o) => o.flag === flag), `${flag} is parsed but not in OPTIONS (so not in --help)`);
    for (const command of COMMANDS) {
      const position = command === 'explain' ? ['x.yaml:1'] : ['x.yaml'];
      for (const o of OPTIONS.filter((x) => x.flag !== '--help')) {
        const value = o.flag === '--format' ? ['json'] : o.flag === '--fail-on' ? ['error'] : o.flag === '--max-file-size' ? ['10'] : o.flag.includes('rule') ? ['HP101'] : o.value ? ['v'] : [];
        const parsed = parseArgs([command, ...position, o.flag, ...value]);
        const accepted = optionsOf(command).some((x) => x.flag === o.flag);
        assert.equal(parsed.command === command, accepted, `${command} ${o.flag}: ${JSON.stringify(parsed)}`);
        if (!accepted) assert.match((parsed as { message: string }).message, new RegExp(`^${o.flag} is an option of hairpin .*; see hairpin ${command} --help$`));
      }
    }
  });

  it('docs/cli.md documents every flag, the exit codes, stdin and the helm and kustomize pipelines', () => {
    const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    for (const flag of [...parserFlags(), ...OPTIONS.map((o) => o.flag)]) assert.ok(doc.includes(`\`${flag}`), `docs/cli.md lacks ${flag}`);
    for (const o of OPTIONS.filter((x) => x.value)) assert.ok(doc.includes(o.value!.replace(/\|/g, '\\|')) || doc.includes(o.value!), `docs/cli.md lacks ${o.flag} ${o.value}`);
    for (const command of COMMANDS) assert.match(doc, new RegExp(`^## \`hairpin ${command}\``, 'm'));
    for (const code of ['0', '1', '2', '3']) assert.match(doc, new RegExp(`^\\| ${code} \\|`, 'm'));
    assert.match(doc, /^helm template .* \| hairpin check -$/m);
    assert.match(doc, /^kustomize build .* \| hairpin check -/m);
    assert.match(doc, /NO_COLOR/);
    assert.match(doc, /FORCE_COLOR/);
  });
});

describe('usage errors say what to do (exit 2)', () => {
  it('a mistyped option: did you mean, and which help to read', () => {
    for (const [command, typo, meant] of [
      ['check', '--fial-on', '--fail-on'],
      ['check', '--ouptut', '--output'],
      ['check', '--rules', '--rule'],
      ['check', '--skip-rules', '--skip-rule'],
      ['check', '--verbos', '--verbose'],
      ['check', '--colour', '--color'],
      ['simulate', '--formt', '--format'],
      ['explain', '--confg', '--config'],
    ] as const) {
      const target = command === 'explain' ? `${EXAMPLE}/gateway-service.yaml:11` : EXAMPLE;
      const r = hairpin(command, target, typo, 'x');
      assert.equal(r.code, 2, `${command} ${typo}`);
      assert.equal(r.stderr, `hairpin: unknown option ${typo}; did you mean ${meant}? See hairpin ${command} --help\n`);
      assert.equal(r.stdout, '');
    }
    // Nothing close: no guess, still the help to read.
    assert.equal(hairpin('check', EXAMPLE, '--zzzzzz').stderr, 'hairpin: unknown option --zzzzzz. See hairpin check --help\n');
  });

  it('a mistyped command: did you mean, the commands, and the help', () => {
    for (const [typo, meant] of [['chek', 'check'], ['simulat', 'simulate'], ['explian', 'explain']]) {
      const r = hairpin(typo!, EXAMPLE);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `hairpin: unknown command "${typo}"; did you mean ${meant}? The commands are check, simulate, explain; see hairpin --help\n`);
    }
    assert.match(hairpin('lint', EXAMPLE).stderr, /^hairpin: unknown command "lint"\. The commands are check, simulate, explain; see hairpin --help\n$/);
  });

  it('a PATH that does not exist: a near name in its folder when there is one, and what to give instead', () => {
    for (const [typo, meant] of [['exampels/', 'examples/'], ['examples/istio-gatway', 'examples/istio-gateway'], ['./test/fixtures/k8s/sed.yaml', 'test/fixtures/k8s/seed.yaml']]) {
      const r = hairpin('check', typo!);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`^hairpin: no such file or folder: ${typo!.replace(/\./g, '\\.')}; did you mean (\\./)?${meant!.replace(/\./g, '\\.')}\\?\n`), r.stderr);
      assert.match(r.stderr, /\nhairpin: give files or folders that exist, or - to read standard input; see hairpin check --help\n$/);
    }
    const far = hairpin('simulate', 'no/such/path');
    assert.equal(far.code, 2);
    assert.match(far.stderr, /^hairpin: no such file or folder: no\/such\/path\n.*see hairpin simulate --help\n$/);
  });

  it('values: a missing value, a value on a switch, a wrong format, a missing PATH', () => {
    const cases: [string[], RegExp][] = [
      [['check', EXAMPLE, '--output'], /^hairpin: --output needs a value \(FILE\); see hairpin check --help\n$/],
      [['check', EXAMPLE, '--rule'], /^hairpin: --rule needs a value/],
      [['check', EXAMPLE, '--verbose=yes'], /^hairpin: --verbose takes no value; see hairpin check --help\n$/],
      [['simulate', EXAMPLE, '--format', 'sarif'], /^hairpin: simulate --format must be one of text, json\n$/],
      [['check'], /^hairpin: check needs at least one PATH \(a file, a folder, or - for standard input\); see hairpin check --help\n$/],
      [['explain', 'gateway.yaml'], /^hairpin: explain needs FILE:LINE .*; see hairpin explain --help\n$/],
    ];
    for (const [args, message] of cases) {
      const r = hairpin(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('closest(): typos within a third of the word, swaps count once, unrelated words get no guess', () => {
    const flags = OPTIONS.map((o) => o.flag);
    assert.equal(closest('--fial-on', flags), '--fail-on');
    assert.equal(closest('--FORMAT', flags), '--format');
    assert.equal(closest('--stdin-file', flags), '--stdin-filename');
    assert.equal(closest('--x', flags), undefined);
    assert.equal(closest('--pcap', flags), '--pcap');
    assert.equal(closest('--pacp', flags), '--pcap');
    assert.equal(closest('--quiet', flags), undefined);
    assert.equal(closest('k8', ['k8s', 'terraform']), 'k8s');
    assert.equal(closest('tf', ['k8s', 'terraform']), undefined);
  });
});
