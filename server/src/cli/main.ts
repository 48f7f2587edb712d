import { join } from 'node:path';
import { analyzeFacts } from '../core/analyze';
import { grammarFor, readFile } from '../core/parse/read-file';
import { initTreeSitter, type GrammarName } from '../core/parse/tree-sitter';
import { readGrammarBytes } from '../host/grammars';
import { DEFAULT_LIMITS } from '../core/parse/guards';
import { parseArgs, USAGE, type CommandArgs } from './args';
import { commandUsage } from './help';
import { ansi, plain, wantColour } from './colour';
import { missingPathMessage, outputProblem, writeOutput } from './output';
import { noProgress, terminalProgress } from './progress';
import { selectRules } from './rule-filter';
import { loadConfig } from './config';
import { collectFiles } from '../host/collect-files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatSimulateJson, formatSimulateText } from './format-simulate';
import { formatText } from './format-text';
import { runExplain } from './explain';
import { writePcap } from './write-pcap';
import { quietOnClosedPipe, readStdin, STDIN_PATH } from './stdin';
import { shouldFail, type Report } from './report';
import type { Notice, SourceFile } from '../core/model/workspace';

declare const HAIRPIN_VERSION: string | undefined;
const version = typeof HAIRPIN_VERSION === 'string' ? HAIRPIN_VERSION : '0.0.0-dev';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(args.topic ? commandUsage(args.topic) : USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(`hairpin: ${args.message}\n`);
      return 2;
    default:
      return run(args);
  }
}

/**
 * Terraform and CDK readers need the tree-sitter grammars; without them those files get a notice. Only
 * the grammars the files need are loaded, and none for a tree of YAML alone: compiling them is a cost of
 * its own (the TypeScript grammar alone is 1.4 MB of wasm).
 */
async function loadGrammars(files: readonly SourceFile[]): Promise<Notice[]> {
  const needed = new Set<GrammarName>();
  for (const f of files) {
    const g = grammarFor(f);
    if (g) needed.add(g);
  }
  if (needed.size === 0) return [];
  try {
    await initTreeSitter(readGrammarBytes(join(__dirname, 'grammars'), join(__dirname, '..', 'node_modules'), needed));
    return [];
  } catch (err) {
    return [{ file: '(hairpin)', level: 'warning', message: `Terraform and CDK files cannot be read: the tree-sitter grammars did not load (${(err as Error).message}).` }];
  }
}

async function run(args: CommandArgs): Promise<number> {
  const fail = (message: string) => (process.stderr.write(`hairpin: ${message}\n`), 2);
  const unwritable = args.output !== undefined ? outputProblem(args.output) : undefined;
  if (unwritable) return fail(unwritable);
  // Read a little over the character limit in bytes; the engine applies the exact limit.
  const limits = { maxFileSize: args.maxFileSize ?? DEFAULT_LIMITS.maxFileSize };
  const fromStdin = args.paths.includes(STDIN_PATH);
  const paths = args.paths.filter((p) => p !== STDIN_PATH);
  const progress = process.stderr.isTTY ? terminalProgress(process.stderr) : noProgress;
  const collected = collectFiles(paths, limits.maxFileSize, (found) => progress.update('reading', found));
  if (fromStdin) collected.files.push(readStdin(args.stdinFilename));
  if (collected.missing.length > 0) {
    progress.clear();
    for (const p of collected.missing) process.stderr.write(`hairpin: ${missingPathMessage(p)}\n`);
    return fail(`give files or folders that exist, or - to read standard input; see hairpin ${args.command} --help`);
  }
  const config = loadConfig(paths, args.config, process.cwd());
  if (!config.ok) {
    progress.clear();
    return fail(config.message);
  }
  const setup = await loadGrammars(collected.files);
  // analyze() is readFile over the files then analyzeFacts: the same pipeline, read here one file at a time for the progress line.
  const facts = collected.files.map((f, i) => (progress.update('analysing', i + 1, collected.files.length), readFile(f, limits)));
  const analysed = analyzeFacts(facts, { traces: args.command === 'simulate', ...(config.overrides ? { clusterOverrides: config.overrides } : {}) });
  progress.clear();
  const result = selectRules(analysed, args.rules, args.skipRules);
  const texts = new Map(collected.files.map((f) => [f.path, f.text]));
  if (config.path && config.text !== undefined) texts.set(config.path, config.text);
  if (args.command === 'explain') {
    const explained = runExplain(args, result, texts);
    if (!explained.ok) return fail(explained.message);
    return emit(args, explained.output) ?? 0;
  }
  if (args.pcap !== undefined) {
    const written = writePcap(args.pcap, result.frontends, version);
    if (!written.ok) {
      process.stderr.write(`hairpin: ${written.message}\n`);
      return 2;
    }
    process.stderr.write(written.note);
  }
  const report: Report = { result, notices: [...setup, ...collected.notices, ...config.notices], texts, version };
  return emit(args, render(args, report)) ?? (args.command === 'check' && shouldFail(report, args.failOn) ? 1 : 0);
}

/** The report to `--output FILE`, or to standard output; exit 2 when the file cannot be written. */
function emit(args: CommandArgs, text: string): number | undefined {
  if (args.output === undefined) {
    process.stdout.write(text);
    return undefined;
  }
  const problem = writeOutput(args.output, text);
  if (!problem) return undefined;
  process.stderr.write(`hairpin: ${problem}\n`);
  return 2;
}

function render(args: CommandArgs, report: Report): string {
  if (args.command === 'simulate') return args.format === 'json' ? formatSimulateJson(report) : formatSimulateText(report, { verbose: args.verbose ?? false });
  if (args.format === 'json') return formatJson(report);
  if (args.format === 'sarif') return formatSarif(report, process.cwd());
  // A report file is coloured only on request: FORCE_COLOR is about terminals and CI logs, not files.
  const colour = args.output === undefined ? wantColour(args.color, process.env, process.stdout.isTTY === true) : args.color === true;
  return formatText(report, { paint: colour ? ansi : plain, verbose: args.verbose ?? false });
}

quietOnClosedPipe(process.stdout);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hairpin: internal error (exit 3): a bug in Hairpin, please report it with this trace; the results are incomplete.\n${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 3;
  },
);
