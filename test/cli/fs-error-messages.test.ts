import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Kind 7: a path Hairpin cannot use is exit 2 with words for what is wrong with it, never a bare errno
 * code ("ENOENT", "EEXIST: file already exists, mkdir"), and never a hang.
 */

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = join(ROOT, 'test/fixtures/k8s/seed.yaml');

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  assert.notEqual(r.signal, 'SIGTERM', `hairpin ${args.join(' ')} hung`);
  return r;
}

describe('paths Hairpin cannot use (kind 7)', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-fs-errors-'));
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  symlinkSync(join(dir, 'nothing.yaml'), join(dir, 'dangling.yaml'));

  const cases: [string, string[], RegExp][] = [
    ['--output under a file', ['check', SEED, '--output', join(file, 'report.json')], /cannot write --output .*: a part of the path is a file, not a folder/],
    ['--output under a file, two levels down', ['check', SEED, '--output', join(file, 'x', 'report.json')], /cannot create the folder .*a-file\/x \(a part of the path is a file, not a folder\)/],
    ['--output through a loop of links', ['check', SEED, '--output', join(dir, 'loop-a')], /cannot write --output .*loop-a: a loop of symbolic links/],
    ['--config through a loop of links', ['check', SEED, '--config', join(dir, 'loop-a')], /--config .*loop-a: a loop of symbolic links\./],
    ['--config a dangling link', ['check', SEED, '--config', join(dir, 'dangling.yaml')], /--config .*dangling\.yaml: a symbolic link to a file that does not exist\./],
    ['--config under a file', ['check', SEED, '--config', join(file, '.hairpin.yaml')], /--config .*: a part of the path is a file, not a folder\./],
    ['--config missing', ['check', SEED, '--config', join(dir, 'missing.yaml')], /--config .*missing\.yaml: no such file\./],
    ['--pcap under a file', ['simulate', SEED, '--pcap', join(file, 'x.pcapng')], /cannot write the capture to .*: a part of the path is a file, not a folder\./],
  ];
  if (existsSync('/proc/self')) {
    // Node's recursive mkdir never returns for a missing folder under /proc: the CLI hung here.
    cases.push(['--output in a folder /proc cannot hold', ['check', SEED, '--output', '/proc/self/hairpin-none/report.json'], /cannot create the folder \/proc\/self\/hairpin-none \(no such file or folder\)/]);
  }
  if (existsSync('/dev/full')) cases.push(['--output to a full device', ['check', SEED, '--output', '/dev/full'], /cannot write --output \/dev\/full: no space left on the device/]);

  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, says what is wrong in words`, () => {
      const r = hairpin(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\bE[A-Z]{3,}\b/, 'an errno code leaked into the message');
    });
  }

  it('a dangling link in a folder is skipped with a notice that names its target', () => {
    const r = hairpin('check', dir, '--format', 'json', '--fail-on', 'none');
    const notice = (JSON.parse(r.stdout) as { notices: { file: string; message: string }[] }).notices.find((n) => n.file.endsWith('dangling.yaml'));
    assert.match(notice!.message, /symbolic link to .*nothing\.yaml, which does not exist \(a dangling link\)/);
  });
});
