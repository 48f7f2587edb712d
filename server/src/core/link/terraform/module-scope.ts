import type { TfAttribute, TfBlock, TfFileSyntax, TfValue } from '../../model/terraform';

export interface Located<T> {
  readonly file: string;
  readonly node: T;
}

/** Everything declared in one module folder, gathered from its files before anything is evaluated. */
export interface ModuleScope {
  readonly folder: string;
  readonly files: readonly string[];
  /** `variable "x" {}` blocks. */
  readonly variables: ReadonlyMap<string, Located<TfBlock>>;
  /** Values Terraform applies by itself: terraform.tfvars, then *.auto.tfvars in name order (later wins). */
  readonly values: ReadonlyMap<string, Located<TfAttribute>>;
  /** Values from other .tfvars files, which apply only when passed with -var-file. */
  readonly optionalValues: ReadonlyMap<string, Located<TfAttribute>>;
  readonly locals: ReadonlyMap<string, Located<TfAttribute>>;
  /** `resource` blocks by address (`aws_lb.this`). */
  readonly resources: ReadonlyMap<string, Located<TfBlock>>;
  /** `module` blocks by name. */
  readonly modules: ReadonlyMap<string, Located<TfBlock>>;
  /** Set when the folder is evaluated as a module another module calls (`module "x" { source = "./x" }`). */
  readonly instance?: ModuleInstance;
}

/** A call of a local module: ids are prefixed with its address, variables come from the call's arguments. */
export interface ModuleInstance {
  /** The root module folder, which ids are named after. */
  readonly root: string;
  /** `module.ingress.` (nested: `module.a.module.b.`), prefixed to resource addresses in ids. */
  readonly prefix: string;
  /** The calling block's arguments, evaluated in the caller's module, on demand. */
  readonly inputs: ReadonlyMap<string, ModuleInput>;
  /** The folders of the modules on the way here, root first (to stop cycles). */
  readonly callers: readonly string[];
}

export interface ModuleInput {
  /** Where the argument is written (the caller's file). */
  readonly file: string;
  /** `module.ingress` */
  readonly caller: string;
  readonly value: () => TfValue;
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** tfvars precedence: terraform.tfvars first, then *.auto.tfvars in lexical order. */
function autoRank(name: string): number | undefined {
  if (name === 'terraform.tfvars') return 0;
  if (name.endsWith('.auto.tfvars')) return 1;
  return undefined;
}

export function moduleScope(folder: string, files: readonly { file: string; syntax: TfFileSyntax }[], instance?: ModuleInstance): ModuleScope {
  const variables = new Map<string, Located<TfBlock>>();
  const values = new Map<string, Located<TfAttribute>>();
  const optionalValues = new Map<string, Located<TfAttribute>>();
  const locals = new Map<string, Located<TfAttribute>>();
  const resources = new Map<string, Located<TfBlock>>();
  const modules = new Map<string, Located<TfBlock>>();
  const ordered = [...files].sort((a, b) => {
    const ra = autoRank(baseName(a.file)) ?? -1;
    const rb = autoRank(baseName(b.file)) ?? -1;
    return ra !== rb ? ra - rb : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
  for (const { file, syntax } of ordered) {
    if (syntax.variant === 'tfvars') {
      const target = autoRank(baseName(file)) !== undefined ? values : optionalValues;
      for (const attr of syntax.body.attributes) target.set(attr.name, { file, node: attr });
      continue;
    }
    for (const block of syntax.body.blocks) {
      const [first, second] = block.labels;
      if (block.type === 'variable' && first) variables.set(first.value, { file, node: block });
      else if (block.type === 'locals') for (const attr of block.body?.attributes ?? []) locals.set(attr.name, { file, node: attr });
      else if (block.type === 'resource' && first && second) resources.set(`${first.value}.${second.value}`, { file, node: block });
      else if (block.type === 'module' && first) modules.set(first.value, { file, node: block });
    }
  }
  // A called module's tfvars files are not applied: Terraform reads those only for the root module.
  if (instance) {
    values.clear();
    optionalValues.clear();
  }
  return { folder, files: ordered.map((f) => f.file), variables, values, optionalValues, locals, resources, modules, ...(instance ? { instance } : {}) };
}
