import { createHash } from 'node:crypto';

/** The `partialFingerprints` key: versioned, so a change of recipe is a new key, not a silent new value. */
export const FINGERPRINT_KEY = 'hairpinFinding/v1';

/**
 * A finding's identity without its line: the rule, the resource it is about (the frontend id, with file
 * paths made relative and source offsets dropped) and the file it is reported in. Lines added above a
 * finding leave it unchanged; renaming the Service or moving it to another file changes it.
 */
export function fingerprint(ruleId: string, subject: string, relativeFile: string): string {
  return createHash('sha256').update(`${ruleId}\0${subject}\0${relativeFile}`).digest('hex').slice(0, 32);
}

/**
 * Frontend ids embed the path the file was read by (`k8s/gw.yaml#Service/ns/name`, `tf:<folder>:address`),
 * absolute or relative as the user typed it; some (CDK constructs without a name) end in a source offset.
 * This keeps only what survives a re-run from another folder and an edit above the resource.
 */
export function stableSubject(frontendId: string, cwd: string): string {
  const base = cwd.length > 1 && cwd.endsWith('/') ? cwd.slice(0, -1) : cwd;
  return frontendId
    .split(`${base}/`)
    .join('')
    // The folder itself, as a Terraform module's folder: `tf:/w:aws_lb.x` is `tf:.:aws_lb.x` when run as `check .`.
    .replace(new RegExp(`(^|[:#])${escapeRegExp(base)}(?=$|[:#])`, 'g'), '$1.')
    .replace(/(^|[:#])\.\/(?=.)/g, '$1')
    .replace(/@\d+(?=$|[/#:])/g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Two results with one fingerprint (the same rule on the same subject twice) get `:2`, `:3`… in output order. */
export function disambiguate(prints: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return prints.map((p) => {
    const n = (seen.get(p) ?? 0) + 1;
    seen.set(p, n);
    return n === 1 ? p : `${p}:${n}`;
  });
}
