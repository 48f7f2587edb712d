import type { ReportingDescriptor } from 'sarif';
import { ruleDocPage } from '../core/rules/docs';
import type { RuleMeta } from '../core/rules/types';

/**
 * Rule metadata for code scanning: the rule page's markdown as `help`, and a `helpUri` only when the
 * package names a web address to link to. A `file:` URI into the user's install means nothing on GitHub.
 */
export function sarifRule(meta: RuleMeta, docsBase: string | undefined): ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.description },
    ...(docsBase ? { helpUri: `${docsBase}${meta.docs}` } : {}),
    help: { text: helpText(meta), markdown: ruleDocPage(meta) },
  };
}

function helpText(meta: RuleMeta): string {
  return [meta.description, '', 'How to fix it:', ...meta.remediation.map((r) => `- ${r}`)].join('\n');
}

/** The package.json fields that can say where Hairpin lives on the web. */
export interface PackageLinks {
  readonly version: string;
  readonly homepage?: string;
  readonly repository?: string | { readonly url?: string };
}

/**
 * Where the repository's files are readable on the web, for this version: a GitHub repository's
 * `blob/v<version>/` folder. Undefined when package.json names no https repository: then SARIF carries
 * no helpUri (the help markdown is still there) rather than a guessed address.
 */
export function webDocsBase(pkg: PackageLinks): string | undefined {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const m = raw ? /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(raw) ?? /^github:([\w.-]+)\/([\w.-]+)$/.exec(raw) : null;
  return m ? `https://github.com/${m[1]}/${m[2]}/blob/v${pkg.version}/` : undefined;
}

/** The tool's `informationUri`: the package's https homepage, else its web repository. */
export function webHomepage(pkg: PackageLinks): string | undefined {
  if (pkg.homepage && /^https:\/\//.test(pkg.homepage)) return pkg.homepage;
  const base = webDocsBase(pkg);
  return base ? base.replace(/\/blob\/[^/]+\/$/, '') : undefined;
}
