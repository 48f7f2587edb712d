import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = mkdtempSync(join(tmpdir(), 'hairpin-pcap-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

const INSTALL = "install Debian's tshark: apt-get install -y tshark";
const tsharkFound = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
/** A missing tshark skips the decoding tests on a developer machine; under CI (CI=true) it fails them. */
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const needsTshark = { skip: tsharkFound || inCi ? false : `tshark is not on PATH (${INSTALL})` } as const;

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIELDS = ['frame.number', 'frame.interface_name', 'frame.interface_description', 'ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport', 'tcp.flags.str', 'tcp.seq_raw', 'ip.checksum.status', 'tcp.checksum.status', 'ip.checksum_bad.expert', 'tcp.checksum_bad.expert', 'tcp.analysis.reused_ports'] as const;
type Frame = Record<(typeof FIELDS)[number], string> & { flags: string };

/** Decodes a capture with tshark, checksums validated, one object per frame (fields output, no screen scraping). */
function decode(file: string): Frame[] {
  assert.ok(tsharkFound, `tshark is not on PATH and CI is set, so this is a failure, not a skip (${INSTALL})`);
  const args = ['-r', file, '-n', '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=f'];
  for (const f of FIELDS) args.push('-e', f);
  // tshark warns on stderr when run as root; only its exit code counts.
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `tshark failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const cols = line.split('\t');
      const frame = Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ?? ''])) as Frame;
      // tcp.flags.str is like "·······A··S·": keep the letters.
      frame.flags = [...frame['tcp.flags.str']].filter((c) => /[A-Z]/.test(c)).sort().join('');
      return frame;
    });
}

function simulateToPcap(fixture: string): { file: string; frames: Frame[]; stdout: string } {
  const file = join(DIR, `${fixture.replace(/\W+/g, '-')}.pcapng`);
  const r = hairpin('simulate', '--pcap', file, fixture);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`wrote \\d+ simulated handshakes? to ${file.replace(/[.]/g, '\\.')}`));
  return { file, frames: decode(file), stdout: r.stdout };
}

const traceOf = (f: Frame) => f['frame.interface_description'].slice(0, f['frame.interface_description'].lastIndexOf(': '));

const HAIRPIN_FIXTURES = ['examples/istio-gateway', 'test/fixtures/terraform/alb-module', 'test/fixtures/k8s-extra/operator', 'test/fixtures/cloudformation'];
const COLLISION_FIXTURES = ['examples/istio-gateway', 'test/fixtures/terraform/alb-module', 'test/fixtures/workspaces/overlay'];

describe('hairpin simulate --pcap (built CLI, decoded by tshark)', () => {
  for (const fixture of HAIRPIN_FIXTURES) {
    it(`${fixture}: at the client, the SYN to the NLB, the SYN-ACK from an address the client never called, and the client's RST to it`, needsTshark, () => {
      const { frames, stdout } = simulateToPcap(fixture);
      assert.match(stdout, /failing handshake: \S+, hairpin-reset/, 'the usual output is still printed');
      const traces = [...new Set(frames.map(traceOf))].filter((t) => t.endsWith('hairpin-reset'));
      assert.ok(traces.length > 0, 'the capture holds hairpin-reset traces');
      for (const trace of traces) {
        const client = frames.filter((f) => traceOf(f) === trace && f['frame.interface_name'] === 'client');
        const syn = client.find((f) => f.flags === 'S');
        assert.ok(syn, `${trace}: the client's SYN`);
        const called = `${syn['ip.dst']}:${syn['tcp.dstport']}`;
        const synAck = client.find((f) => f.flags === 'AS' && f['ip.dst'] === syn['ip.src']);
        assert.ok(synAck, `${trace}: a SYN-ACK reaches the client`);
        const from = `${synAck['ip.src']}:${synAck['tcp.srcport']}`;
        assert.notEqual(from, called, `${trace}: the SYN-ACK comes from ${from}, not from ${called}`);
        assert.ok(!client.some((f) => f.flags === 'S' && f['ip.dst'] === synAck['ip.src']), `${trace}: the client never sent a SYN to ${synAck['ip.src']}`);
        const rst = client.find((f) => f.flags === 'R' && f['ip.src'] === syn['ip.src'] && `${f['ip.dst']}:${f['tcp.dstport']}` === from);
        assert.ok(rst, `${trace}: the client answers the SYN-ACK from ${from} with RST`);
        assert.ok(Number(rst['frame.number']) > Number(synAck['frame.number']));
      }
    });
  }

  for (const fixture of COLLISION_FIXTURES) {
    it(`${fixture}: Wireshark flags "TCP port numbers reused" on the tuple-collision trace, where the second SYN of one 4-tuple reaches the target`, needsTshark, () => {
      const { frames } = simulateToPcap(fixture);
      const reused = frames.filter((f) => f['tcp.analysis.reused_ports'] !== '');
      assert.ok(reused.length > 0, 'tcp.analysis.reused_ports is set on some frame');
      const collisionTraces = new Set(frames.map(traceOf).filter((t) => t.endsWith('tuple-collision')));
      for (const f of reused) {
        assert.ok(collisionTraces.has(traceOf(f)), `reused ports only in a tuple-collision trace, not in ${traceOf(f)}`);
        assert.equal(f.flags, 'S');
        // The same 4-tuple carried an earlier SYN with another initial sequence number.
        const earlier = frames.find((g) => Number(g['frame.number']) < Number(f['frame.number']) && g.flags === 'S' && ['ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport'].every((k) => g[k as keyof Frame] === f[k as keyof Frame]));
        assert.ok(earlier && earlier['tcp.seq_raw'] !== f['tcp.seq_raw']);
      }
    });
  }

  it('every IPv4 and TCP checksum is valid; a corrupted copy is flagged, so the check is live', needsTshark, () => {
    const { file, frames } = simulateToPcap('examples/istio-gateway');
    assert.ok(frames.length > 100);
    for (const f of frames) {
      assert.equal(f['ip.checksum.status'], '1', `frame ${f['frame.number']}: IPv4 checksum good`);
      assert.equal(f['tcp.checksum.status'], '1', `frame ${f['frame.number']}: TCP checksum good`);
      assert.equal(f['ip.checksum_bad.expert'] + f['tcp.checksum_bad.expert'], '', `frame ${f['frame.number']}: no bad-checksum expert info`);
    }
    // Flip a bit of the first packet's TCP sequence number: its TCP checksum must then be reported bad.
    const bytes = readFileSync(file);
    const syn = Buffer.from('9d7801bb', 'hex'); // source port 40312, destination port 443
    const at = bytes.indexOf(syn);
    assert.ok(at > 0);
    bytes[at + 4]! ^= 0x01;
    const bad = join(DIR, 'corrupted.pcapng');
    writeFileSync(bad, bytes);
    const broken = decode(bad).filter((f) => f['tcp.checksum_bad.expert'] !== '');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!['tcp.checksum.status'], '0');
  });

  it('the capture is the same bytes on every run, and the --format json output is unchanged by --pcap', () => {
    const a = join(DIR, 'a.pcapng');
    const b = join(DIR, 'b.pcapng');
    const ra = hairpin('simulate', '--format', 'json', '--pcap', a, 'examples/istio-gateway');
    const rb = hairpin('simulate', '--format', 'json', `--pcap=${b}`, 'examples/istio-gateway');
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    assert.equal(ra.stdout, hairpin('simulate', '--format', 'json', 'examples/istio-gateway').stdout);
  });

  it('a file that cannot be written exits 2 with a message naming it; --pcap outside simulate or without a value is a usage error', () => {
    for (const target of [join(DIR, 'no-such-folder', 'x.pcapng'), DIR]) {
      const r = hairpin('simulate', '--pcap', target, 'examples/istio-gateway');
      assert.equal(r.code, 2);
      // In words, not an errno code (kind 7).
      assert.match(r.stderr, new RegExp(`cannot write the capture to ${target.replace(/[.]/g, '\\.')}: (no such file or folder|it is a folder)\\. Give --pcap a writable file path`));
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      assert.equal(r.stdout, '');
    }
    const check = hairpin('check', '--pcap', join(DIR, 'c.pcapng'), 'examples/istio-gateway');
    assert.equal(check.code, 2);
    assert.match(check.stderr, /--pcap is an option of hairpin simulate, not of check/);
    const missing = hairpin('simulate', 'examples/istio-gateway', '--pcap');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--pcap needs a value/);
  });
});
