import { join } from 'node:path';
import { analyze } from '../core/analyze';
import { initTreeSitter } from '../core/parse/tree-sitter';
import { readGrammarBytes } from '../host/grammars';
import { DEFAULT_LIMITS } from '../core/parse/guards';
import { parseArgs, USAGE, type CommandArgs } from './args';
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
import type { Notice } from '../core/model/workspace';

declare const HAIRPIN_VERSION: string | undefined;
const version = typeof HAIRPIN_VERSION === 'string' ? HAIRPIN_VERSION : '0.0.0-dev';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(`hairpin: ${args.message}\n\n${USAGE}`);
      return 2;
    default:
      return run(args, await loadGrammars());
  }
}

/** Terraform and CDK readers need the tree-sitter grammars; without them those files get a notice. */
async function loadGrammars(): Promise<Notice[]> {
  try {
    await initTreeSitter(readGrammarBytes(join(__dirname, 'grammars'), join(__dirname, '..', 'node_modules')));
    return [];
  } catch (err) {
    return [{ file: '(hairpin)', level: 'warning', message: `Terraform and CDK files cannot be read: the tree-sitter grammars did not load (${(err as Error).message}).` }];
  }
}

function run(args: CommandArgs, setup: readonly Notice[]): number {
  // Read a little over the character limit in bytes; the engine applies the exact limit.
  const limits = { maxFileSize: args.maxFileSize ?? DEFAULT_LIMITS.maxFileSize };
  const fromStdin = args.paths.includes(STDIN_PATH);
  const paths = args.paths.filter((p) => p !== STDIN_PATH);
  const collected = collectFiles(paths, limits.maxFileSize);
  if (fromStdin) collected.files.push(readStdin(args.stdinFilename));
  if (collected.missing.length > 0) {
    for (const p of collected.missing) process.stderr.write(`hairpin: no such file or folder: ${p}\n`);
    return 2;
  }
  const config = loadConfig(paths, args.config, process.cwd());
  if (!config.ok) {
    process.stderr.write(`hairpin: ${config.message}\n`);
    return 2;
  }
  const result = analyze(collected.files, { limits, traces: args.command === 'simulate', ...(config.overrides ? { clusterOverrides: config.overrides } : {}) });
  const texts = new Map(collected.files.map((f) => [f.path, f.text]));
  if (config.path && config.text !== undefined) texts.set(config.path, config.text);
  if (args.command === 'explain') {
    const explained = runExplain(args, result, texts);
    if (!explained.ok) {
      process.stderr.write(`hairpin: ${explained.message}\n`);
      return 2;
    }
    process.stdout.write(explained.output);
    return 0;
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
  process.stdout.write(render(args, report));
  return args.command === 'check' && shouldFail(report, args.failOn) ? 1 : 0;
}

function render(args: CommandArgs, report: Report): string {
  if (args.command === 'simulate') return args.format === 'json' ? formatSimulateJson(report) : formatSimulateText(report);
  if (args.format === 'json') return formatJson(report);
  if (args.format === 'sarif') return formatSarif(report, process.cwd());
  return formatText(report);
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
