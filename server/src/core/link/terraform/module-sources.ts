import type { TfBlock, TfFileSyntax } from '../../model/terraform';

/**
 * Where a `module` block's `source` points. Terraform requires `source` to be a literal string, so it
 * is read from the syntax, before anything is evaluated.
 */
export type ModuleSource =
  | { readonly kind: 'local'; readonly folder: string; readonly written: string }
  | { readonly kind: 'remote'; readonly written: string }
  | { readonly kind: 'none' };

export function moduleSource(block: TfBlock, callerFolder: string): ModuleSource {
  const attr = block.body?.attributes.find((a) => a.name === 'source');
  const expr = attr?.value;
  let written: string | undefined;
  if (expr?.kind === 'literal' && typeof expr.value === 'string') written = expr.value;
  else if (expr?.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) written = expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  if (written === undefined) return { kind: 'none' };
  // Terraform treats only paths that start with ./ or ../ as local (a bare "modules/x" is a registry address).
  if (!/^\.\.?(?:[/\\]|$)/.test(written)) return { kind: 'remote', written };
  return { kind: 'local', folder: joinFolder(callerFolder, written), written };
}

/** `a/b` + `../c/` → `a/c`; pure, `/`-separated, like the workspace-relative paths the readers use. */
export function joinFolder(base: string, relative: string): string {
  // A URI (the language server's paths) keeps its `scheme://authority`; the path after it is joined.
  const uri = URI_ROOT.exec(base);
  if (uri) return uri[1]! + joinFolder(base.slice(uri[1]!.length) || '/', relative);
  const absolute = base.startsWith('/');
  const parts = base === '.' ? [] : base.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
  let up = 0;
  for (const seg of relative.split(/[/\\]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) up++;
    } else parts.push(seg);
  }
  const joined = [...Array.from({ length: up }, () => '..'), ...parts].join('/');
  return absolute ? `/${joined}` : joined || '.';
}

const URI_ROOT = /^([a-zA-Z][\w+.-]*:\/\/[^/]*)/;

/** The path from folder `from` to folder `to` (`.` when the same): how Terraform writes `path.module`. */
export function relativeFolder(from: string, to: string): string {
  const split = (p: string) => (p === '.' ? [] : p.split(/[/\\]/).filter((x) => x !== '' && x !== '.'));
  const a = split(from);
  const b = split(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common)];
  return parts.length > 0 ? parts.join('/') : '.';
}

/**
 * Does the folder hold the terraform-aws-alb module itself? Its official examples call it as
 * `source = "../../"`; such a call is read like the registry module, from the call's arguments.
 */
export function isAlbModuleFolder(members: readonly { readonly syntax: TfFileSyntax }[]): boolean {
  let lb = false;
  const variables = new Set<string>();
  for (const m of members) {
    if (m.syntax.variant === 'tfvars') continue;
    for (const b of m.syntax.body.blocks) {
      if (b.type === 'resource' && b.labels[0]?.value === 'aws_lb' && b.labels[1]?.value === 'this') lb = true;
      if (b.type === 'variable' && b.labels[0]) variables.add(b.labels[0].value);
    }
  }
  return lb && variables.has('target_groups') && variables.has('listeners') && variables.has('load_balancer_type');
}
