import type { TfAttribute, TfBlock, TfBody } from '../../model/terraform';
import { withTree } from '../tree-sitter';
import { blockHeader, convertAttribute, convertBlock } from './hcl-ast';
import { recordError, type ConvertContext, type Problem } from './hcl-context';
import { copyTree, type PlainNode } from './plain-tree';

/** Resource types whose bodies the Terraform reader keeps; other resources are skipped unread. */
const RESOURCES = new Set([
  'aws_lb',
  'aws_alb',
  'aws_lb_target_group',
  'aws_alb_target_group',
  'aws_lb_listener',
  'aws_alb_listener',
  'aws_lb_target_group_attachment',
  'aws_alb_target_group_attachment',
  'aws_autoscaling_attachment',
  'aws_eks_node_group',
  'kubernetes_service',
  'kubernetes_service_v1',
  'helm_release',
]);
const OTHER_BLOCKS = new Set(['module', 'variable', 'locals']);

function wanted(type: string, firstLabel: string | undefined): boolean {
  return type === 'resource' ? RESOURCES.has(firstLabel ?? '') : OTHER_BLOCKS.has(type);
}

/** The same test on the text of a top-level block's header, before its children are copied. */
function wantedText(text: string, start: number): boolean {
  const m = /^([\w-]+)\s*(?:"([^"\n]*)"|([\w-]+))?/.exec(text.slice(start, start + 200));
  return !m || wanted(m[1]!, m[2] ?? m[3]);
}

export interface HclRead {
  readonly body: TfBody;
  readonly problems: readonly Problem[];
}

interface Item {
  readonly start: number;
  readonly attribute?: TfAttribute;
  readonly block?: TfBlock;
}

interface Pass {
  readonly items: Item[];
  /** Top-level ranges (file offsets) that hold a syntax problem. */
  readonly bad: { start: number; end: number }[];
  readonly problems: Problem[];
}

/**
 * Reads the top level of an HCL file. A syntax error spoils only its neighbourhood: the parts of the
 * file around it are parsed again one top-level block at a time, so a missing brace or an unterminated
 * string in one resource does not hide the next one. Undefined when the grammar is not loaded.
 */
export function readHcl(file: string, text: string): HclRead | undefined {
  const first = parsePass(file, text, 0, false);
  if (!first) return undefined;
  const items = first.items;
  // A bad range may end inside a top-level item (an error node that stops at `resource "x"`): it runs on
  // to the next item's start, so that item is re-read whole, not from its middle.
  const regions = merge(first.bad.map((r) => ({ start: r.start, end: nextTopStart(text, r.end) })));
  const problems: Problem[] = first.problems.filter((p) => p.limit && !regions.some((r) => p.start >= r.start && p.start <= r.end));
  for (const region of regions) {
    const found: Problem[] = [];
    for (const [start, end] of chunks(text, region.start, region.end)) {
      const pass = parsePass(file, text.slice(start, end), start, true);
      if (!pass) continue;
      items.push(...pass.items);
      found.push(...pass.problems);
    }
    problems.push(...(found.length > 0 ? found : first.problems.filter((p) => p.start >= region.start && p.start <= region.end)));
  }
  items.sort((a, b) => a.start - b.start);
  return {
    body: { attributes: items.flatMap((i) => (i.attribute ? [i.attribute] : [])), blocks: items.flatMap((i) => (i.block ? [i.block] : [])) },
    problems: problems.map((p) => (!p.limit && openTemplates(text, p.start) >= MAX_TEMPLATE_DEPTH ? { ...p, message: TEMPLATES_TOO_DEEP, limit: true as const } : p)).sort((a, b) => a.start - b.start),
  };
}

/** One parse. In the first pass an item with a problem is set aside; in a recovery pass it is kept as far as it reads. */
function parsePass(file: string, text: string, base: number, recovering: boolean): Pass | undefined {
  return withTree('hcl', maskExponents(text), (tree) => {
    const root = copyTree(tree, (node, depth) => depth === 2 && node.type === 'block' && !wantedText(text, node.startIndex));
    const ctx: ConvertContext = { file, text, base, problems: [] };
    const pass: Pass = { items: [], bad: [], problems: ctx.problems };
    const top = root.children.flatMap((c) => (c.type === 'body' ? c.children : [c]));
    for (const node of top) readTopItem(ctx, node, pass, recovering);
    return pass;
  });
}

function readTopItem(ctx: ConvertContext, node: PlainNode, pass: Pass, recovering: boolean): void {
  if (node.type === 'comment') return;
  const range = { start: ctx.base + node.startIndex, end: ctx.base + node.endIndex };
  const before = ctx.problems.length;
  if (node.type === 'attribute') {
    const attribute = convertAttribute(ctx, node, 0);
    if (node.hasError && ctx.problems.length === before) recordError(ctx, node);
    if (ctx.problems.length > before) pass.bad.push(range);
    else if (attribute) pass.items.push({ start: range.start, attribute });
    return;
  }
  if (node.type === 'block') {
    const header = blockHeader(ctx, node);
    if (!header || !wanted(header.type, header.labels[0]?.value)) {
      if (node.hasError && !recovering) pass.bad.push(range);
      else if (node.hasError) recordError(ctx, node);
      return;
    }
    const block = convertBlock(ctx, node, 0);
    // A nesting limit is not a syntax error: the block is kept as far as it was read.
    const broken = ctx.problems.slice(before).some((p) => !p.limit);
    if (broken && !recovering) pass.bad.push(range);
    else if (block) pass.items.push({ start: range.start, block });
    return;
  }
  // An ERROR node, or an object at the top (JSON-like HCL), or anything else the grammar recovered into.
  if (node.hasError || node.isError || node.isMissing) {
    recordError(ctx, node);
    pass.bad.push(range);
  }
}

/**
 * HCL numbers may have an exponent without a fraction (`1e9`, `2E-3`), which the tree-sitter grammar
 * reads as a number followed by a stray name. The grammar gets the same number of digits instead
 * (`1e9` -> `109`), so every offset stays; the literal's value is read from the real text.
 */
export function maskExponents(text: string): string {
  return /\d[eE]/.test(text) ? text.replace(/(?<![\w.])(\d+)([eE][+-]?)(\d+)(?![\w.])/g, (_, whole: string, mark: string, exp: string) => `${whole}${'0'.repeat(mark.length)}${exp}`) : text;
}

/** The tree-sitter HCL grammar keeps at most this many open template interpolations; Terraform has no such limit. */
const MAX_TEMPLATE_DEPTH = 64;
const TEMPLATES_TOO_DEEP = `templates nested ${MAX_TEMPLATE_DEPTH} or more levels deep ("\${"\${…}"}"), more than Hairpin's HCL grammar reads`;

/** How many `${` / `%{` are still open at `offset` (a cheap count over the 64 KB before it, not a parse). */
function openTemplates(text: string, offset: number): number {
  let depth = 0;
  for (let i = Math.max(0, offset - 65_536); i < offset; i++) {
    const c = text.charCodeAt(i);
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) {
      depth++;
      i++;
    } else if (c === 125 && depth > 0) depth--;
  }
  return depth;
}

function merge(ranges: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Lines that start a top-level block or attribute at column 0: `resource "x" "y" {`, `locals {`, `name = …`. */
const TOP_START = /^[A-Za-z_][\w-]*[ \t]*(?:=(?!=)|\{|"|[A-Za-z_][\w-]*[ \t]*[{"])/gm;

/** Where the first top-level item at or after `from` starts (a line at column 0), or the end of the text. */
function nextTopStart(text: string, from: number): number {
  TOP_START.lastIndex = from;
  const m = TOP_START.exec(text);
  return m ? m.index : text.length;
}

/** Splits [start, end) of `text` at top-level starts, so each chunk can be parsed alone. */
function chunks(text: string, start: number, end: number): [number, number][] {
  const cuts = [start];
  TOP_START.lastIndex = 0;
  const region = text.slice(start, end);
  for (let m = TOP_START.exec(region); m; m = TOP_START.exec(region)) {
    if (m.index > 0) cuts.push(start + m.index);
    if (cuts.length > 2000) break; // a pathological file: the last chunk takes the rest
  }
  return cuts.map((c, i) => [c, cuts[i + 1] ?? end]);
}
