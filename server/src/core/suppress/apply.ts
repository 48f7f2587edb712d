import type { TextEdit } from '../fix/types';
import type { Finding } from '../rules/types';
import type { Span } from '../text/span';
import { covers, IGNORE_ANNOTATION, type DirectiveRuleId, type SuppressionDirective } from './directive';
import { HP001, HP002, HP003, type ProblemRuleMeta, type ProblemSeverity } from './problem-rules';

/** Something wrong with a suppression itself (HP001–HP003), with the edit that removes it when there is one. */
export interface SuppressionProblem {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly span: Span;
  readonly fix?: { readonly title: string; readonly edits: readonly TextEdit[] };
}

export interface SuppressionOutcome {
  readonly findings: Finding[];
  readonly suppressed: Finding[];
  readonly problems: SuppressionProblem[];
}

export interface ApplyOptions {
  /** Ids of the rules that ran; any other id in a directive is HP003. */
  readonly knownRuleIds: ReadonlySet<string>;
  /** Files read only in part: their directives still suppress, but are not reported as unused. */
  readonly partlyRead?: ReadonlySet<string>;
}

/** Splits findings into reported and suppressed, then judges the directives (ESLint's apply-disable-directives, by line). */
export function applySuppressions(findings: readonly Finding[], directives: readonly SuppressionDirective[], options: ApplyOptions): SuppressionOutcome {
  const used = new Set<DirectiveRuleId>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const hit = firstCovering(directives, f);
    if (!hit) {
      kept.push(f);
      continue;
    }
    used.add(hit.id);
    const { directive } = hit;
    suppressed.push({ ...f, suppression: { kind: 'inSource', span: directive.span, ...(directive.justification !== undefined ? { justification: directive.justification } : {}) } });
  }
  const problems = directives.flatMap((d) => judge(d, used, options));
  return { findings: kept, suppressed, problems };
}

/** Comments before annotations: the narrower directive is the one that did the work. */
function firstCovering(directives: readonly SuppressionDirective[], f: Finding) {
  let found: { directive: SuppressionDirective; id: DirectiveRuleId } | undefined;
  for (const directive of directives) {
    if (!covers(directive, f.span.file, f.span.start)) continue;
    const id = directive.ruleIds.find((r) => r.id === f.ruleId);
    if (!id) continue;
    if (directive.form === 'comment') return { directive, id };
    found ??= { directive, id };
  }
  return found;
}

function judge(d: SuppressionDirective, used: ReadonlySet<DirectiveRuleId>, options: ApplyOptions): SuppressionProblem[] {
  if (d.ruleIds.length === 0) {
    const message =
      d.form === 'comment'
        ? '`hairpin-ignore` names no rule: write the rule id before the reason ("hairpin-ignore HP101 reason").'
        : `This ${IGNORE_ANNOTATION} entry names no rule: write the rule id before the reason ("HP101: reason").`;
    return [problem(HP003, message, d.span, d.removal, 'Remove the suppression')];
  }
  const judgeUnused = !options.partlyRead?.has(d.file);
  const unknown = (r: DirectiveRuleId) => !options.knownRuleIds.has(r.id);
  const dead = (r: DirectiveRuleId) => unknown(r) || (judgeUnused && !used.has(r));
  const allDead = d.ruleIds.every(dead);
  const removeId = (r: DirectiveRuleId) => (allDead ? d.removal : r.removal);
  const removeTitle = (r: DirectiveRuleId, what: string) => (allDead ? `Remove the ${what}suppression` : `Remove ${r.id} from the suppression`);
  const out: SuppressionProblem[] = [];
  for (const r of d.ruleIds) {
    if (unknown(r)) {
      const known = [...options.knownRuleIds].sort().join(', ');
      out.push(problem(HP003, `Unknown rule ${r.id} in a suppression; Hairpin's rules are ${known}.`, r.span, removeId(r), removeTitle(r, '')));
    } else if (dead(r)) {
      out.push(problem(HP001, `Unused suppression: no ${r.id} finding ${d.form === 'comment' ? 'on the line it covers' : 'in this object'}.`, r.span, removeId(r), removeTitle(r, 'unused ')));
    }
  }
  if (d.justification === undefined && !allDead) {
    const example = d.form === 'comment' ? `hairpin-ignore ${d.ruleIds[0]!.id} <why it is acceptable>` : `${d.ruleIds[0]!.id}: <why it is acceptable>`;
    out.push(problem(HP002, `This suppression gives no reason; say why after the rule ids ("${example}").`, d.span));
  }
  return out;
}

function problem(meta: ProblemRuleMeta, message: string, span: Span, removal?: Span, title?: string): SuppressionProblem {
  return {
    ruleId: meta.id,
    ruleName: meta.name,
    severity: meta.severity,
    message,
    span,
    ...(removal && title ? { fix: { title, edits: [{ file: removal.file, start: removal.start, end: removal.end, newText: '' }] } } : {}),
  };
}
