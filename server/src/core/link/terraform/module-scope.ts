import type { TfAttribute, TfBlock, TfFileSyntax } from '../../model/terraform';

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

export function moduleScope(folder: string, files: readonly { file: string; syntax: TfFileSyntax }[]): ModuleScope {
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
  return { folder, files: ordered.map((f) => f.file), variables, values, optionalValues, locals, resources, modules };
}
