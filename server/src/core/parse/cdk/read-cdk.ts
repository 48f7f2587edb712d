import type { LoadBalancerModel, TargetGroupModel } from '../../model/nlb';
import { emptyFacts, type FileFacts, type Notice, type SourceFile } from '../../model/workspace';
import { hasGrammar, withTree } from '../tree-sitter';
import { listenerModels, loadBalancerModel, naming, targetGroupModel } from './cdk-models';
import { readCdkTargets } from './cdk-targets';
import { collectConstructs, type LbRecord, type TgRecord } from './constructs';
import { pythonSyntax } from './python-syntax';
import { typescriptSyntax } from './typescript-syntax';
import type { Ctx } from './values';

/**
 * Reads AWS CDK code (TypeScript or Python) that builds NLBs, with simple local constant propagation.
 * Nothing is executed: values that only running the app could tell are assumed, with the reason.
 * Never throws; a syntax error costs only what does not parse.
 */
export function readCdkFile(file: SourceFile, language: 'typescript' | 'python'): FileFacts {
  const facts = emptyFacts(file.path);
  if (!hasGrammar(language)) {
    facts.notices.push({ file: file.path, level: 'warning', skipped: 'file', message: `Skipped: the tree-sitter ${language} grammar is not loaded, so CDK code cannot be read.` });
    return facts;
  }
  try {
    withTree(language, file.text, (root) => {
      const syntax = language === 'python' ? pythonSyntax(file.path, root) : typescriptSyntax(file.path, root);
      if (syntax.firstError) {
        facts.notices.push({ file: file.path, level: 'info', message: `Syntax error: the ${language} parser recovered here; Hairpin read what parses.`, span: syntax.firstError });
      }
      readConstructs({ syntax, language, file: file.path, text: file.text, notices: facts.notices }, facts);
    });
  } catch (err) {
    facts.notices.push({ file: file.path, level: 'error', message: `Internal error while reading CDK code: ${(err as Error).message}` });
  }
  return facts;
}

function readConstructs(ctx: Ctx, facts: FileFacts): void {
  const c = collectConstructs(ctx);
  const taken = new Set<string>();
  const lbs = new Map<LbRecord, LoadBalancerModel>();
  const names = new Map<object, ReturnType<typeof naming>>();
  for (const rec of c.lbs) {
    const n = naming(ctx, rec, taken);
    names.set(rec, n);
    const lb = guarded(ctx, n.head, () => loadBalancerModel(ctx, rec, n));
    if (lb) lbs.set(rec, lb);
  }
  for (const l of c.listeners) names.set(l, naming(ctx, l, taken, l.lb && names.get(l.lb)));
  // A target group names no load balancer; the first listener that forwards to it does.
  const lbOfTg = new Map<TgRecord, string>();
  for (const l of c.listeners) {
    const lb = l.lb && lbs.get(l.lb);
    for (const tg of l.targetGroups) if (lb && !lbOfTg.has(tg)) lbOfTg.set(tg, lb.id);
  }
  const tgs = new Map<TgRecord, TargetGroupModel>();
  for (const rec of c.tgs) {
    const n = naming(ctx, rec, taken, rec.listener && names.get(rec.listener));
    const tg = guarded(ctx, n.head, () => targetGroupModel(ctx, rec, n, lbOfTg.get(rec) ?? ''));
    if (tg) tgs.set(rec, tg);
  }
  const attached = [...tgs].flatMap(([rec, tg]) => guarded(ctx, tg.head, () => readCdkTargets(ctx, rec, tg)) ?? []);
  if (attached.length > 0) (facts.attachedTargets ??= []).push(...attached);
  facts.loadBalancers.push(...lbs.values());
  facts.targetGroups.push(...tgs.values());
  for (const l of c.listeners) {
    const lb = l.lb && lbs.get(l.lb);
    const n = names.get(l);
    const forwarded = l.targetGroups.map((t) => tgs.get(t)).filter((t): t is TargetGroupModel => !!t);
    if (lb && n && forwarded.length > 0) facts.listeners.push(...(guarded(ctx, n.head, () => listenerModels(ctx, l, n, lb, forwarded)) ?? []));
  }
}

/** One construct failing must not lose the others: the failure becomes a notice at its head. */
function guarded<T>(ctx: Ctx, head: Notice['span'], read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    ctx.notices.push({ file: ctx.file, level: 'error', message: `Internal error while reading a construct: ${(err as Error).message}`, ...(head ? { span: head } : {}) });
    return undefined;
  }
}
