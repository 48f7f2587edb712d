/**
 * Where the server's time goes on the save path: runs the built `dist/server.js --stdio` with
 * `--cpu-prof` in the stdio bench's workspace, waits for the index to finish, then sends shape-changing
 * saves to the edited Service and keystrokes to a TypeScript file with no NLB. The V8 profile is cut to
 * the window of each phase (V8's profile clock and `process.hrtime` are both CLOCK_MONOTONIC on Linux)
 * and summed per function, self and total time.
 *
 *   node --import tsx bench/profile-saves.ts [saves=200] [keystrokes=200] [top=40]
 *
 * With HAIRPIN_NO_PROFILE=1 the server runs without the profiler and only the figures are printed
 * (wall-clock p50/p95 and the server's CPU time per edit from /proc, which waiting for a core does not inflate).
 *
 * Not part of `npm run bench`: a tool for finding what to cut, not a figure.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspDriver, type Received } from './lsp-driver';
import { generateWorkspace, serviceYaml, type Shape } from './workspace-gen';

const ROOT = join(__dirname, '..');
const [saves = 200, keystrokes = 200, top = 40] = process.argv.slice(2).map(Number);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Window {
  name: string;
  start: number;
  end: number;
  count: number;
  ms: number[];
  cpuStart: number;
  cpuEnd: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

/** The server process's CPU time (user + system) in ms, from /proc (Linux): not inflated by waiting for a core. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main(): Promise<void> {
  const ws = generateWorkspace({ files: 5000, nlbs: 500, seed: 20261130 });
  const profDir = mkdtempSync(join(tmpdir(), 'hairpin-prof-'));
  const profiling = process.env.HAIRPIN_NO_PROFILE !== '1';
  const d = new LspDriver('hairpin', process.execPath, [...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), join(ROOT, 'dist', 'server.js'), '--stdio'], ROOT);
  const windows: Window[] = [];
  try {
    await d.initialize(pathToFileURL(ws.root).href, 30_000);
    const uri = pathToFileURL(ws.edited.path).href;
    let version = 1;
    d.open(uri, 'yaml', version, ws.edited.text);
    await d.waitFor((m) => m.method === 'hairpin/status' && isIndexed(m), 0, 120_000, 'the index to finish');
    await quiet(d, d.received.length - 1);

    const ns = ws.edited.text.match(/namespace: (\S+)/)![1]!;
    const saveWindow: Window = { name: 'save (didChange + didSave on the Service)', start: nowMicros(), end: 0, count: 0, ms: [], cpuStart: cpuMs(d.pid), cpuEnd: 0 };
    for (let k = 1; k <= saves; k++) {
      const from = d.received.length;
      const s: Shape = { ...ws.edited.shape, targetType: 'instance', preserve: k % 2 === 0 ? undefined : false, crossZone: k % 4 < 2, local: false };
      const t = performance.now();
      d.change(uri, ++version, [{ text: serviceYaml(ws.edited.name, ns, s, ` (edit ${k})`) }]);
      d.save(uri);
      const answer = await d.waitForPublish(uri, from, 30_000, (p) => p.version === version);
      saveWindow.ms.push(answer.at - t);
      await quiet(d, from);
      saveWindow.count++;
    }
    saveWindow.end = nowMicros();
    saveWindow.cpuEnd = cpuMs(d.pid);
    windows.push(saveWindow);

    const tsPath = join(ws.root, 'src', 'lib', readdirSync(join(ws.root, 'src', 'lib'))[0]!);
    const tsUri = pathToFileURL(tsPath).href;
    const tsText = readFileSync(tsPath, 'utf8');
    let tsVersion = 1;
    d.open(tsUri, 'typescript', tsVersion, tsText);
    await d.waitForPublish(tsUri, 0, 30_000);
    // Opening changes no status: a round trip instead (messages are handled in order).
    await d.request('textDocument/hover', { textDocument: { uri: tsUri }, position: { line: 0, character: 0 } }, 30_000);
    const keyWindow: Window = { name: 'keystroke in a .ts file with no NLB (didChange)', start: nowMicros(), end: 0, count: 0, ms: [], cpuStart: cpuMs(d.pid), cpuEnd: 0 };
    const line = tsText.split('\n').length - 1;
    for (let k = 0; k < keystrokes; k++) {
      const from = d.received.length;
      const t = performance.now();
      d.change(tsUri, ++tsVersion, [{ range: { start: { line, character: k }, end: { line, character: k } }, text: '/' }]);
      const answer = await d.waitForPublish(tsUri, from, 30_000, (p) => p.version === tsVersion);
      keyWindow.ms.push(answer.at - t);
      await quiet(d, from);
      keyWindow.count++;
    }
    keyWindow.end = nowMicros();
    keyWindow.cpuEnd = cpuMs(d.pid);
    windows.push(keyWindow);
  } finally {
    await d.stop(30_000);
    rmSync(ws.root, { recursive: true, force: true });
  }
  if (!profiling) {
    process.stdout.write(`${windows.map((w) => summarise({ nodes: [], startTime: 0, samples: [], timeDeltas: [] }, w, 0)[0]).join('\n')}\n`);
    return;
  }
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profDir}`);
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile;
  const out: string[] = [];
  for (const w of windows) out.push(...summarise(profile, w, top));
  writeFileSync(join(profDir, 'summary.txt'), out.join('\n'));
  process.stdout.write(`${out.join('\n')}\nprofile: ${join(profDir, file)}\n`);
}

function isIndexed(m: Received): boolean {
  const p = m.params as { index?: { read: number; found: number }; quiescent?: boolean } | undefined;
  return !!p?.index && p.index.read === p.index.found && p.index.found > 0 && p.quiescent === true;
}

/** The next `hairpin/status` with `quiescent: true` after `from`. */
function quiet(d: LspDriver, from: number): Promise<Received> {
  return d.waitFor((m) => m.method === 'hairpin/status' && (m.params as { quiescent?: boolean }).quiescent === true, from, 30_000, 'quiescent');
}

function summarise(profile: Profile, w: Window, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < w.start || t > w.end) continue;
    const leaf = byId.get(profile.samples[i]!)!;
    const leafName = nameOf(leaf);
    if (leafName === '(idle)' || leafName === '(program)' || leafName === '(garbage collector)') {
      self.set(leafName, (self.get(leafName) ?? 0) + dt);
      if (leafName !== '(idle)') busy += dt;
      continue;
    }
    busy += dt;
    self.set(leafName, (self.get(leafName) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const name = nameOf(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  }
  const per = (us: number) => `${(us / 1000 / w.count).toFixed(2)} ms`;
  const sorted = [...w.ms].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(1);
  const rows = [
    `== ${w.name}: ${w.count} edits; wall p50 ${p(0.5)} ms, p95 ${p(0.95)} ms; server CPU ${((w.cpuEnd - w.cpuStart) / w.count).toFixed(2)} ms per edit (/proc; profiled busy ${per(busy)}, idle ${per(self.get('(idle)') ?? 0)})`,
    '-- total (inclusive) per edit --',
    ...[...total].sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, us]) => `${per(us).padStart(10)}  ${n}`),
    '-- self per edit --',
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, us]) => `${per(us).padStart(10)}  ${n}`),
  ];
  return rows;
}

function nameOf(n: ProfileNode): string {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
