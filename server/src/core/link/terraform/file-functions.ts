import type { TfExpr, TfValue } from '../../model/terraform';
import { span } from '../../text/span';
import type { ModuleScope } from './module-scope';
import { joinFolder, relativeFolder } from './module-sources';
import { parseTemplate } from './template-syntax';
import { renderTemplate } from './template-render';
import { describe, unknown, withVia } from './values';
import { yamlMapValue } from './yaml-values';

/** The workspace's YAML and template files as Terraform's file functions see them; every read is recorded. */
export interface WorkspaceTexts {
  read(path: string): string | undefined;
}

type Call = Extract<TfExpr, { kind: 'call' }>;

/**
 * `path.module`, `path.root`, `path.cwd` as Terraform gives them for file paths: relative to the folder
 * Terraform runs in, the root module's (`path.cwd` is absolute there; relative paths resolve the same).
 */
export function pathValue(name: string | undefined, scope: ModuleScope, at: TfExpr['span']): TfValue {
  const root = scope.instance?.root ?? scope.folder;
  if (name === 'module') return withVia({ kind: 'scalar', value: relativeFolder(root, scope.folder), span: at }, 'path.module (the module folder, relative to the root module)');
  if (name === 'root' || name === 'cwd') return withVia({ kind: 'scalar', value: '.', span: at }, `path.${name} (the root module folder)`);
  return unknown(`path.${name ?? ''} is not a path Terraform defines`, at);
}

/**
 * `file(path)` and `templatefile(path, vars)` over the workspace's files. Relative paths resolve from
 * the root module's folder, as Terraform resolves them from where it runs. A file's text keeps its own
 * offsets (a `file()` value is that file's text exactly); a template is rendered and, when it is a YAML
 * map, kept as that map with each value's span where it is written. Anything else is unknown, with why.
 */
export function fileFunction(call: Call, ev: (e: TfExpr) => TfValue, scope: ModuleScope, files: WorkspaceTexts | undefined, evaluateIn: (names: ReadonlyMap<string, TfValue>) => (e: TfExpr) => TfValue): TfValue {
  const at = call.span;
  const arg = call.args[0];
  if (!arg || call.expand) return unknown(`${call.name}() without a path`, at);
  const p = ev(arg);
  if (p.kind !== 'scalar' || typeof p.value !== 'string') return unknown(`${call.name}(${describe(arg)}): the path is not known before apply${p.kind === 'unknown' ? ` (${p.why})` : ''}`, at);
  const written = `${call.name}("${p.value}")`;
  const root = scope.instance?.root ?? scope.folder;
  const path = isAbsolute(p.value) ? p.value : joinFolder(root, p.value);
  const text = files?.read(path);
  if (text === undefined) return unknown(`${written}: ${path} is not among the files Hairpin read (missing, or outside the workspace)`, at);
  if (call.name === 'file') return { kind: 'scalar', value: text, span: span(path, 0, text.length), exactStart: 0, via: written };
  const vars = call.args[1] ? ev(call.args[1]) : { kind: 'object' as const, entries: [], span: at };
  if (vars.kind !== 'object') return unknown(`${written}: its variables are not known before apply${vars.kind === 'unknown' ? ` (${vars.why})` : ''}`, at);
  const parsed = parseTemplate(path, text);
  if ('problem' in parsed) return unknown(`${written}: ${parsed.problem}; the template is not read`, at);
  const names = new Map(vars.entries.map((e) => [e.key, e.value]));
  const rendered = renderTemplate(path, parsed.nodes, evaluateIn, names, text);
  if ('problem' in rendered) return unknown(`${written}: ${rendered.problem}; the template is not read`, at);
  const whole = span(path, 0, text.length);
  const yaml = yamlMapValue(rendered.text, whole, rendered.locate, (value, where) => {
    for (const [key, why] of rendered.unknowns) if (value.includes(key)) return unknown(why, where);
    return undefined;
  });
  if (!yaml.value) return unknown(`${written}: the rendered template is not chart values (${yaml.problem ?? 'it is empty'})`, at);
  return yaml.value.kind === 'object' ? { ...yaml.value, span: whole, encoded: 'yaml', via: written } : yaml.value;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || /^[a-zA-Z][\w+.-]*:\/\//.test(path);
}
