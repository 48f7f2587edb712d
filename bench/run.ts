// `npm run bench`: the budgets of DESIGN.md, each measured next to a baseline. Figures, not tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../server/src/core/analyze';
import type { SourceFile } from '../server/src/core/model/workspace';
import { enumerateClient } from '../server/src/core/simulate/enumerate';
import { t1 } from '../server/src/core/simulate/scenario';
import { buildTopology } from '../server/src/core/simulate/topology';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initTreeSitter, withTree } from '../server/src/core/parse/tree-sitter';
import { readGrammarBytes } from '../server/src/host/grammars';
import { AnalysisState } from '../server/src/lsp/analysis-state';
import { measure, row, table, textRow } from './measure';
import { stdioBench } from './stdio';
import { cliColdRows } from './cli-cold';
import './activation';

const ROOT = join(__dirname, '..');
const example = join(ROOT, 'examples/istio-gateway/gateway-service.yaml');
const exampleFile: SourceFile = { path: example, text: readFileSync(example, 'utf8') };

function workspace(n: number): SourceFile[] {
  const seed = exampleFile.text;
  const other = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-NAME\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n';
  return Array.from({ length: n }, (_, i) => ({
    path: `ws/f${i}.yaml`,
    text: i % 10 === 0 ? seed.replace('istio-ingressgateway', `gw-${i}`).replace('cross_zone.enabled=true', `cross_zone.enabled=${i % 20 === 0}`) : other.replace('NAME', String(i)),
  }));
}

function clusterScenario(nodes: number, zones: number, pods: number) {
  const zoneNodes = Array.from({ length: zones }, (_, z) => ({ name: `zone-${z}`, nodes: Array.from({ length: Math.ceil(nodes / zones) }, (_, i) => `z${z}n${i}`) }));
  const endpoints: Record<string, number> = {};
  for (let p = 0; p < pods; p++) {
    const z = zoneNodes[p % zones]!;
    const node = z.nodes[Math.floor(p / zones) % z.nodes.length]!;
    endpoints[node] = (endpoints[node] ?? 0) + 1;
  }
  return t1({ zones: zoneNodes, endpoints });
}

const rows: string[] = [];
const details: string[] = [];
/**
 * `npm run bench -- --stdio-only` runs the stdio rows alone, `-- --cli-only` the cold CLI and per-NLB rows
 * alone (bench/cli-cold.ts). HAIRPIN_BENCH_STDIO_SECONDS: each server's time budget.
 */
const stdioOnly = process.argv.includes('--stdio-only');
const cliOnly = process.argv.includes('--cli-only');

async function main(): Promise<void> {
if (!stdioOnly && !cliOnly) await inProcess();
if (!stdioOnly) rows.push(...cliColdRows((line) => process.stderr.write(`${line}\n`)));
if (!cliOnly) await overStdio();
process.stdout.write(table(rows));
if (details.length) process.stdout.write(`\nFailures of the stdio bench:\n${details.join('\n')}\n`);
process.stdout.write(`\n${shippedBytes()}`);
}

/** The real server over stdio next to yaml-language-server (bench/stdio.ts); progress goes to stderr. */
async function overStdio(): Promise<void> {
  const budget = Number(process.env.HAIRPIN_BENCH_STDIO_SECONDS ?? 90);
  try {
    const r = await stdioBench({ budgetSeconds: budget, log: (line) => process.stderr.write(`${line}\n`) });
    rows.push(...r.rows);
    details.push(...r.details);
  } catch (err) {
    rows.push(textRow('stdio bench', 'FAILED', 'FAILED', 'n/a', (err as Error).message.split('\n')[0]));
    details.push((err as Error).stack ?? String(err));
  }
}

async function inProcess(): Promise<void> {
await initTreeSitter(readGrammarBytes(join(ROOT, 'dist', 'grammars'), join(ROOT, 'node_modules')));

// 1. The example: analysis vs raw yaml parse of the same bytes.
{
  const base = measure(() => parseAllDocuments(exampleFile.text), 200);
  rows.push(row('check the example (no traces) vs yaml.parseAllDocuments', measure(() => analyze([exampleFile], { traces: false }), 200), base));
  rows.push(row('simulate the example (with traces) vs yaml.parseAllDocuments', measure(() => analyze([exampleFile]), 200), base));
}

// 2. Cold analysis throughput: a generated workspace vs the raw yaml parse of the same bytes.
{
  const files = workspace(1000);
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const base = measure(() => files.forEach((f) => parseAllDocuments(f.text)), 5);
  const ours = measure(() => analyze(files, { traces: false }), 5);
  rows.push(row(`cold check (no traces), 1,000 YAML files (${(bytes / 1e6).toFixed(2)} MB) vs yaml parse`, ours, base, `budget: ratio <= 2`));
}

// 2b. Issue 4's mixed workspace: 1,000 YAML files and 200 Terraform files vs the raw yaml + tree-sitter parse.
{
  const yamlFiles = workspace(1000);
  const tf = (i: number) =>
    i % 4 === 0
      ? `resource "aws_lb" "nlb${i}" {\n  name = "nlb-${i}"\n  load_balancer_type = "network"\n  internal = true\n  enable_cross_zone_load_balancing = ${i % 8 === 0}\n}\n\nresource "aws_lb_target_group" "tg${i}" {\n  name = "tg-${i}"\n  port = ${30000 + i}\n  protocol = "TCP"\n  vpc_id = var.vpc_id\n}\n\nresource "aws_lb_listener" "l${i}" {\n  load_balancer_arn = aws_lb.nlb${i}.arn\n  port = 443\n  protocol = "TCP"\n  default_action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.tg${i}.arn\n  }\n}\n`
      : `variable "v${i}" {\n  type = string\n  default = "x${i}"\n}\n\nlocals {\n  tags${i} = { team = "platform", id = ${i} }\n}\n\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-\${var.v${i}}"\n  tags = local.tags${i}\n}\n`;
  const tfFiles = Array.from({ length: 200 }, (_, i) => ({ path: `ws/mod${i % 20}/f${i}.tf`, text: tf(i) }));
  const all = [...yamlFiles, ...tfFiles];
  const bytes = all.reduce((n, f) => n + f.text.length, 0);
  const base = measure(() => {
    yamlFiles.forEach((f) => parseAllDocuments(f.text));
    tfFiles.forEach((f) => withTree('hcl', f.text, () => undefined));
  }, 5);
  const ours = measure(() => analyze(all, { traces: false }), 5);
  rows.push(row(`cold check (no traces), 1,000 YAML + 200 .tf (${(bytes / 1e6).toFixed(2)} MB) vs yaml + tree-sitter parse`, ours, base, 'aim: ratio <= 2'));
}

// 2c. Save to diagnostics in a 500-file workspace: one document changes, the rest are cached.
{
  const state = new AnalysisState();
  const files = workspace(500);
  for (const f of files) state.setDisk(`file:///${f.path}`, f.text);
  state.analyze();
  const edited = files[10]!;
  let version = 1;
  const doc = () => TextDocument.create(`file:///${edited.path}`, 'yaml', ++version, edited.text.replace('cross_zone.enabled=false', `cross_zone.enabled=${version % 2 === 0}`));
  const base = measure(() => parseAllDocuments(edited.text), 50);
  const ours = measure(() => {
    state.update(doc());
    state.analyze();
  }, 50);
  rows.push(row('save to diagnostics, 1 of 500 files changed (LSP state) vs parsing that file', ours, base, 'budget: p95 < 50 ms'));
}

// 3. Path enumeration: 1,000 nodes, 3 zones, 50 backend pods; and its growth with node count.
{
  const runs = (nodes: number, pods = 50) => {
    const s = clusterScenario(nodes, 3, Math.min(pods, Math.floor(nodes / 2)));
    const topo = buildTopology(s);
    const withPod = Object.keys(s.endpoints)[0]!;
    const without = s.zones.flatMap((z) => z.nodes).find((n) => !s.endpoints[n])!;
    return () => {
      enumerateClient(topo, `pod@${without}`);
      enumerateClient(topo, `pod@${withPod}`);
    };
  };
  const small = measure(runs(10), 200);
  rows.push(row('enumerate 2 clients, 1,000 nodes/3 zones/50 pods vs 10 nodes/5 pods', measure(runs(1000), 50), small, 'budget: < 20 ms'));
  for (const n of [100, 10000]) rows.push(row(`enumerate 2 clients, ${n.toLocaleString('en-US')} nodes vs 10 nodes`, measure(runs(n), 20), small, 'growth should be near flat'));
  const build = measure(() => buildTopology(clusterScenario(10000, 3, 50)), 10);
  rows.push(row('build topology, 10,000 nodes (once per scenario, not per path)', build, small));
}

}

/** What the VSIX carries (see .vscodeignore), file by file: the size budget is counted, not guessed. */
function shippedBytes(): string {
  const files = ['dist/client.js', 'dist/language-client.js', 'dist/server.js', ...readdirSync(join(ROOT, 'dist/grammars')).map((f) => `dist/grammars/${f}`)];
  const sizes = files.map((f) => [f, statSync(join(ROOT, f)).size] as const);
  const total = sizes.reduce((n, [, b]) => n + b, 0);
  return ['| shipped in the VSIX (development build) | bytes |', '|---|---|', ...sizes.map(([f, b]) => `| ${f} | ${b.toLocaleString('en-US')} |`), `| total | ${total.toLocaleString('en-US')} |`].join('\n') + '\n';
}

void main();
