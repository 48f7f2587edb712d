/**
 * The language server measured as an editor sees it (TESTING.md, "Measuring the language server
 * honestly"): the built `dist/server.js --stdio` as a child process, in a generated 5,000-file
 * workspace with 500 NLBs of distinct shapes, next to yaml-language-server driven the same way on the
 * same file in the same workspace.
 *
 * One process per server carries all four figures, in the order an editor meets them:
 *  3. didOpen -> first diagnostics, the file opened right after `initialized` (the index still running);
 *  1. save -> diagnostics (didChange that changes the NLB's shape, then didSave), version-matched;
 *  2. bytes of publishDiagnostics per keystroke, until quiet;
 *  4. RSS before and after 10,000 edits sent as typing bursts.
 *
 * "Quiet" for Hairpin: if its `hairpin/status` carries a `quiescent` field, a status with
 * `quiescent: true` (after the version-matched publish, when one is expected); otherwise the
 * version-matched publish followed by one answered request (today's server handles messages in order,
 * so the answer comes after everything the edit caused). For yaml-language-server, which publishes
 * without a version: its first publish for the URI after the edit (after its 200 ms debounce).
 *
 * Every wait is bounded by the time left; a phase that runs out says so in its row.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspDriver, type Received } from './lsp-driver';
import { textRow } from './measure';
import { generateWorkspace, serviceYaml, type GeneratedWorkspace, type Shape } from './workspace-gen';

const ROOT = join(__dirname, '..');

export interface StdioBenchOptions {
  /** Seconds each server gets for all four phases (the index included). */
  readonly budgetSeconds?: number;
  readonly files?: number;
  readonly nlbs?: number;
  readonly seed?: number;
  readonly saves?: number;
  readonly keystrokes?: number;
  readonly edits?: number;
  readonly keepWorkspace?: boolean;
  readonly log?: (line: string) => void;
}

interface Peer {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Hairpin matches publishes by version; yaml-language-server publishes without one. */
  readonly versioned: boolean;
}

const HAIRPIN: Peer = { name: 'hairpin', command: process.execPath, args: [join(ROOT, 'dist', 'server.js'), '--stdio'], versioned: true };
const YAML_LS: Peer = {
  name: 'yaml-language-server',
  command: process.execPath,
  args: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
  versioned: false,
};

interface PeerFigures {
  openMs?: number;
  openNote?: string;
  saves: number[];
  saveBytes: number[];
  savesNote?: string;
  keystrokeBytes: number[];
  keystrokePublishes: number[];
  keystrokeNote?: string;
  rssStart?: number;
  rssEnd?: number;
  rssPeak?: number;
  editsSent: number;
  editsAnswered: number;
  rssSeconds?: number;
  rssNote?: string;
  errors: string[];
}

const PUBLISH = 'textDocument/publishDiagnostics';

class Deadline {
  private readonly end: number;
  constructor(seconds: number) {
    this.end = performance.now() + seconds * 1000;
  }
  /** Milliseconds left, at least `floor` (so a last wait still gets a fair chance). */
  left(floor = 0): number {
    return Math.max(floor, Math.round(this.end - performance.now()));
  }
  get over(): boolean {
    return performance.now() >= this.end;
  }
}

/** Today's server has no `quiescent` field; a server that sends one is waited for by it. */
function hasQuiescent(d: LspDriver): boolean {
  return d.received.some((m) => m.method === 'hairpin/status' && typeof m.params === 'object' && m.params !== null && 'quiescent' in m.params);
}

interface Settled {
  /** The publish that answers the edit (version-matched for Hairpin; the first after the edit for the peer). */
  readonly answer?: Received;
  /** Index in `received` up to which everything belongs to this edit. */
  readonly end: number;
}

/**
 * Waits until the server is done with the edit sent when `received.length` was `from`. If
 * `expectPublish`, also returns the publish for `uri` that answers `version`.
 */
async function settle(peer: Peer, d: LspDriver, uri: string, version: number, from: number, expectPublish: boolean, timeoutMs: number): Promise<Settled> {
  const t0 = performance.now();
  const left = () => Math.max(1, timeoutMs - (performance.now() - t0));
  if (!peer.versioned) {
    const answer = await d.waitForPublish(uri, from, timeoutMs, () => true, `first publish after the edit of version ${version}`);
    return { answer, end: d.received.indexOf(answer) + 1 };
  }
  let answer: Received | undefined;
  const quiescent = hasQuiescent(d);
  if (expectPublish || !quiescent) answer = await d.waitForPublish(uri, from, timeoutMs, (p) => p.version === version, `version ${version}`);
  if (quiescent) {
    const after = answer ? d.received.indexOf(answer) + 1 : from;
    const q = await d.waitFor((m) => m.method === 'hairpin/status' && (m.params as { quiescent?: boolean }).quiescent === true, after, left(), 'hairpin/status with quiescent: true');
    return { ...(answer ? { answer } : {}), end: d.received.indexOf(q) + 1 };
  }
  // A round trip: the server reads messages in order, so this answer follows all the edit caused.
  await d.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }, left());
  return { ...(answer ? { answer } : {}), end: d.received.length };
}

function publishBytes(d: LspDriver, from: number, end: number): { bytes: number; count: number } {
  let bytes = 0;
  let count = 0;
  for (let i = from; i < end; i++) {
    const m = d.received[i]!;
    if (m.method === PUBLISH) {
      bytes += m.bytes;
      count++;
    }
  }
  return { bytes, count };
}

/** The edited Service in its k-th shape: the attributes an engineer toggles, so consecutive results differ. */
function variant(ws: GeneratedWorkspace, k: number, port?: number): string {
  const s: Shape = { ...ws.edited.shape, targetType: 'instance', preserve: k % 2 === 0 ? undefined : false, crossZone: k % 4 < 2, local: false, ...(port ? { port } : {}) };
  return serviceYaml(ws.edited.name, ws.edited.text.match(/namespace: (\S+)/)![1]!, s, ` (edit ${k})`);
}

async function runPeer(peer: Peer, ws: GeneratedWorkspace, opts: Required<Omit<StdioBenchOptions, 'log' | 'keepWorkspace' | 'files' | 'nlbs' | 'seed'>>, log: (s: string) => void): Promise<PeerFigures> {
  const fig: PeerFigures = { saves: [], saveBytes: [], keystrokeBytes: [], keystrokePublishes: [], editsSent: 0, editsAnswered: 0, errors: [] };
  const deadline = new Deadline(opts.budgetSeconds);
  const rootUri = pathToFileURL(ws.root).href;
  const uri = pathToFileURL(ws.edited.path).href;
  if (!existsSync(peer.args[0]!)) {
    fig.errors.push(`${peer.args[0]} does not exist (${peer === YAML_LS ? 'yaml-language-server is a devDependency: run npm install' : 'run npm run build'})`);
    return fig;
  }
  const d = new LspDriver(peer.name, peer.command, peer.args, ROOT);
  let version = 1;
  try {
    // 3. didOpen right after `initialized`: the workspace index is still running.
    await d.initialize(rootUri, deadline.left(1000));
    const from = d.received.length;
    const t0 = performance.now();
    d.open(uri, 'yaml', version, ws.edited.text);
    const first = await d.waitForPublish(uri, from, deadline.left(1000), (p) => !peer.versioned || p.version === version, 'first diagnostics after didOpen');
    fig.openMs = first.at - t0;
    log(`  ${peer.name}: didOpen -> diagnostics ${fig.openMs.toFixed(0)} ms`);
    await settle(peer, d, uri, version, from, false, deadline.left(1000));
    log(`  ${peer.name}: quiet after open at ${(performance.now() - t0).toFixed(0)} ms`);

    // 1. save -> diagnostics, one shape-changing edit at a time, quiet in between. Budget: ~40% of what is left.
    const saveBudget = new Deadline((deadline.left() / 1000) * 0.4);
    for (let k = 1; k <= opts.saves && (k <= 3 || !saveBudget.over); k++) {
      const from = d.received.length;
      version++;
      const t = performance.now();
      d.change(uri, version, [{ text: variant(ws, k) }]);
      d.save(uri);
      const s = await settle(peer, d, uri, version, from, true, deadline.left(1000));
      fig.saves.push(s.answer!.at - t);
      fig.saveBytes.push(publishBytes(d, from, s.end).bytes);
    }
    if (fig.saves.length < opts.saves) fig.savesNote = `${fig.saves.length} of ${opts.saves} saves within the time budget`;
    log(`  ${peer.name}: ${fig.saves.length} saves, last ${fig.saves.at(-1)?.toFixed(0)} ms`);

    // 2. bytes per keystroke: one character typed into the Service's head comment.
    const keyBudget = new Deadline((deadline.left() / 1000) * 0.35);
    {
      const from = d.received.length;
      d.change(uri, ++version, [{ text: ws.edited.text }]);
      await settle(peer, d, uri, version, from, true, deadline.left(1000));
    }
    const firstLine = ws.edited.text.split('\n')[0]!;
    for (let k = 0; k < opts.keystrokes && (k < 2 || !keyBudget.over); k++) {
      const from = d.received.length;
      version++;
      const at = { line: 0, character: firstLine.length + k };
      d.change(uri, version, [{ range: { start: at, end: at }, text: 'abcdefghij'[k % 10]! }]);
      const s = await settle(peer, d, uri, version, from, !peer.versioned || !hasQuiescent(d), deadline.left(1000));
      const b = publishBytes(d, from, s.end);
      fig.keystrokeBytes.push(b.bytes);
      fig.keystrokePublishes.push(b.count);
    }
    if (fig.keystrokeBytes.length < opts.keystrokes) fig.keystrokeNote = `${fig.keystrokeBytes.length} of ${opts.keystrokes} keystrokes within the time budget`;
    log(`  ${peer.name}: ${fig.keystrokeBytes.length} keystrokes, ${fig.keystrokeBytes.at(-1)} bytes in ${fig.keystrokePublishes.at(-1)} publishes`);

    // 4. RSS after `edits` edits, sent back-to-back in batches (typing bursts), quiet after each batch.
    fig.rssStart = d.rss();
    fig.rssPeak = fig.rssStart;
    const t4 = performance.now();
    let batch = 5;
    try {
      while (fig.editsSent < opts.edits) {
        if (deadline.over) throw new Error(`time budget used up`);
        const n = Math.min(batch, opts.edits - fig.editsSent);
        const from = d.received.length;
        const tb = performance.now();
        for (let i = 0; i < n; i++) {
          const k = fig.editsSent++;
          d.change(uri, ++version, [{ text: variant(ws, k, 1000 + (k % 9000)) }]);
        }
        await settle(peer, d, uri, version, from, !peer.versioned || !hasQuiescent(d), deadline.left(1000));
        fig.editsAnswered = fig.editsSent;
        const rss = d.rss();
        if (rss !== undefined) fig.rssPeak = Math.max(fig.rssPeak ?? 0, rss);
        if (performance.now() - tb < 2000) batch = Math.min(1000, batch * 4);
      }
    } catch (err) {
      const last = lastPublishedVersion(d, uri);
      const why = /timed out|budget/.test((err as Error).message) ? 'the time budget ran out' : (err as Error).message.split('\n')[0];
      fig.rssNote = `stopped: ${why} with ${fig.editsAnswered.toLocaleString('en-US')} of ${opts.edits.toLocaleString('en-US')} edits answered (${fig.editsSent.toLocaleString('en-US')} sent; last publish for version ${last} of ${version})`;
    }
    fig.rssEnd = d.rss();
    fig.rssSeconds = (performance.now() - t4) / 1000;
    log(`  ${peer.name}: ${fig.editsSent} edits in ${fig.rssSeconds.toFixed(1)} s, RSS ${mb(fig.rssStart)} -> ${mb(fig.rssEnd)}`);
  } catch (err) {
    fig.errors.push((err as Error).message);
    log(`  ${peer.name}: FAILED: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    // A server still busy with a backlog is not waited for.
    if (fig.errors.length || fig.rssNote) d.child.kill('SIGKILL');
    else await d.stop(3000);
  }
  return fig;
}

function lastPublishedVersion(d: LspDriver, uri: string): number | string {
  for (let i = d.received.length - 1; i >= 0; i--) {
    const m = d.received[i]!;
    if (m.method === PUBLISH && (m.params as PublishDiagnosticsParams).uri === uri) return (m.params as PublishDiagnosticsParams).version ?? '(none)';
  }
  return '(none)';
}

const mb = (b: number | undefined) => (b === undefined ? 'n/a' : `${(b / 1048576).toFixed(0)} MB`);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));

function pct(xs: readonly number[], p: number): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(1)}x`);

/** Rows for the bench table, plus failure details (if any) to print under it. */
export async function stdioBench(options: StdioBenchOptions = {}): Promise<{ rows: string[]; details: string[] }> {
  const log = options.log ?? (() => undefined);
  const opts = {
    budgetSeconds: options.budgetSeconds ?? 100,
    saves: options.saves ?? 20,
    keystrokes: options.keystrokes ?? 10,
    edits: options.edits ?? 10_000,
  };
  const tg = performance.now();
  const ws = generateWorkspace({ files: options.files ?? 5000, nlbs: options.nlbs ?? 500, seed: options.seed ?? 20261130 });
  log(`stdio bench: ${ws.files} files (${(ws.bytes / 1e6).toFixed(2)} MB), ${ws.nlbs} NLBs of distinct shapes (${Object.entries(ws.byFormat).map(([k, v]) => `${k} ${v}`).join(', ')}) in ${ws.root}, written in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
  try {
    const figures: Record<string, PeerFigures> = {};
    for (const peer of [HAIRPIN, YAML_LS]) {
      log(`stdio bench: ${peer.name} (budget ${opts.budgetSeconds} s)`);
      figures[peer.name] = await runPeer(peer, ws, opts, log);
    }
    const h = figures[HAIRPIN.name]!;
    const y = figures[YAML_LS.name]!;
    const where = `1 Service of ${ws.files.toLocaleString('en-US')} files / ${ws.nlbs} NLBs`;
    const peerNote = 'yaml-language-server includes its 200 ms validation debounce';
    const rows: string[] = [];
    const h50 = pct(h.saves, 50);
    const h95 = pct(h.saves, 95);
    const y50 = pct(y.saves, 50);
    const y95 = pct(y.saves, 95);
    rows.push(
      textRow(
        `stdio: save to diagnostics (didChange changing the NLB's shape + didSave -> version-matched publish), ${where}`,
        h50 === undefined ? 'FAILED' : `${ms(h50)} ms (p95 ${ms(h95!)}, n=${h.saves.length})`,
        y50 === undefined ? 'FAILED' : `${ms(y50)} ms (p95 ${ms(y95!)}, n=${y.saves.length})`,
        ratio(h50, y50),
        ['budget: p95 <= 50 ms', peerNote, h.savesNote && `hairpin: ${h.savesNote}`].filter(Boolean).join('; '),
      ),
    );
    const hb = pct(h.keystrokeBytes, 50);
    const yb = pct(y.keystrokeBytes, 50);
    rows.push(
      textRow(
        'stdio: bytes of publishDiagnostics per keystroke (one didChange, until quiet; median)',
        hb === undefined ? 'FAILED' : `${hb.toLocaleString('en-US')} B in ${pct(h.keystrokePublishes, 50)} publishes (n=${h.keystrokeBytes.length})`,
        yb === undefined ? 'FAILED' : `${yb.toLocaleString('en-US')} B in ${pct(y.keystrokePublishes, 50)} publishes (n=${y.keystrokeBytes.length})`,
        ratio(hb, yb),
        [
          'a character typed into a comment: nothing about any NLB changes',
          h.saveBytes.length && y.saveBytes.length ? `a shape-changing save publishes ${pct(h.saveBytes, 50)!.toLocaleString('en-US')} B vs ${pct(y.saveBytes, 50)!.toLocaleString('en-US')} B` : undefined,
          h.keystrokeNote && `hairpin: ${h.keystrokeNote}`].filter(Boolean).join('; '),
      ),
    );
    rows.push(
      textRow(
        'stdio: didOpen -> first diagnostics, opened right after `initialized` (workspace index running)',
        h.openMs === undefined ? 'FAILED' : `${ms(h.openMs)} ms`,
        y.openMs === undefined ? 'FAILED' : `${ms(y.openMs)} ms`,
        ratio(h.openMs, y.openMs),
        `budget: <= 300 ms; ${peerNote}; the peer does not index the workspace`,
      ),
    );
    const rss = (f: PeerFigures) =>
      f.rssStart === undefined ? 'FAILED' : `${mb(f.rssStart)} -> ${mb(f.rssEnd)} (peak ${mb(f.rssPeak)}) after ${f.editsAnswered.toLocaleString('en-US')} edits${f.rssSeconds !== undefined ? ` in ${f.rssSeconds.toFixed(0)} s` : ''}`;
    rows.push(
      textRow(
        `stdio: server RSS after ${opts.edits.toLocaleString('en-US')} edits (bursts, quiet after each)`,
        rss(h),
        rss(y),
        ratio(h.rssEnd, y.rssEnd),
        ['must stay bounded', h.rssNote && `hairpin ${h.rssNote}`, y.rssNote && `peer ${y.rssNote}`].filter(Boolean).join('; '),
      ),
    );
    const details = Object.entries(figures).flatMap(([name, f]) => f.errors.map((e) => `${name}: ${e}`));
    return { rows, details };
  } finally {
    if (!options.keepWorkspace) rmSync(ws.root, { recursive: true, force: true });
  }
}
