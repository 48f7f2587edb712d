import type { TfAttribute, TfBlock } from '../../model/terraform';
import { isDisabled, type ModuleContext } from './context';
import { makeEvaluator } from './evaluate';
import { moduleScope, type ModuleInput } from './module-scope';
import { isAlbModuleFolder, moduleSource } from './module-sources';
import type { ModuleFolders } from './terraform-facts';
import { ALB_GIT, ALB_REGISTRY } from './alb-module';
import { ADDON_MODULES } from './addon-modules';
import { EKS, NODE_GROUP_MODULE } from './eks';
import { VPC } from './vpc';

/** Local modules calling local modules deeper than this are not followed (real stacks nest 2-3 deep). */
const MAX_NESTING = 8;
/** Meta-arguments of a `module` block; every other argument sets one of the module's variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
/** Registry modules other readers understand (they read the calling block, not the module's code). */
const READ_REMOTE = [ALB_REGISTRY, ALB_GIT, EKS, NODE_GROUP_MODULE, VPC, ...ADDON_MODULES];

/** Folders some other folder calls as a local module. */
export function calledFolders(modules: ModuleFolders): Set<string> {
  const called = new Set<string>();
  for (const [folder, members] of modules) {
    for (const m of members) {
      if (m.syntax.variant === 'tfvars') continue;
      for (const block of m.syntax.body.blocks) {
        if (block.type !== 'module') continue;
        const src = moduleSource(block, folder);
        if (src.kind === 'local' && src.folder !== folder && modules.has(src.folder)) called.add(src.folder);
      }
    }
  }
  return called;
}

/**
 * Evaluates the local modules a module calls, each with the call's arguments as its variables (so a
 * `helm_release` whose values come from `var.values` gets the caller's values), and names in a notice
 * every module that is not followed.
 */
export function followModuleCalls(ctx: ModuleContext, modules: ModuleFolders, run: (child: ModuleContext) => void): void {
  const instance = ctx.scope.instance;
  const callers = instance ? [...instance.callers, ctx.scope.folder] : [ctx.scope.folder];
  for (const [name, located] of ctx.scope.modules) {
    const address = `${instance?.prefix ?? ''}module.${name}`;
    const note = (message: string) => ctx.facts.notices.push({ file: located.file, level: 'info', message: `${address}: ${message}`, span: located.node.head });
    const src = moduleSource(located.node, ctx.scope.folder);
    if (src.kind === 'none') {
      note('its source is not a literal string; the module is not followed.');
      continue;
    }
    if (src.kind === 'remote') {
      if (!READ_REMOTE.some((re) => re.test(src.written))) note(`source "${src.written}" is not followed: Hairpin reads local modules (./, ../) in the workspace and the terraform-aws-modules alb, eks and vpc modules and the EKS add-on modules; load balancers or Helm releases inside it are not seen.`);
      continue;
    }
    if (isDisabled(ctx, located.node)) continue;
    const members = modules.get(src.folder);
    if (!members) {
      note(`source "${src.written}" (${src.folder}) has no Terraform files in the workspace; the module is not followed.`);
      continue;
    }
    if (isAlbModuleFolder(members)) continue; // read from the call by the alb module reader
    if (callers.includes(src.folder)) {
      note(`source "${src.written}" calls a module that is already being evaluated (a cycle); not followed again.`);
      continue;
    }
    if (callers.length > MAX_NESTING) {
      note(`local modules nested more than ${MAX_NESTING} deep are not followed.`);
      continue;
    }
    if (located.node.body?.attributes.some((a) => a.name === 'for_each' || a.name === 'count')) {
      note('count / for_each on a module: its instances are evaluated once, with each.* and count.index unknown.');
    }
    const scope = moduleScope(src.folder, members, { root: instance?.root ?? ctx.scope.folder, prefix: `${address}.`, inputs: inputsOf(ctx, located.node, located.file, address), callers });
    run({ ...ctx, scope, evaluate: makeEvaluator(scope, ctx.files) });
  }
}

function inputsOf(ctx: ModuleContext, block: TfBlock, file: string, caller: string): Map<string, ModuleInput> {
  const inputs = new Map<string, ModuleInput>();
  for (const attr of block.body?.attributes ?? []) {
    if (META_ARGUMENTS.has(attr.name)) continue;
    inputs.set(attr.name, { file, caller, value: once(ctx, attr) });
  }
  return inputs;
}

function once(ctx: ModuleContext, attr: TfAttribute) {
  let cached: ReturnType<ModuleContext['evaluate']> | undefined;
  return () => (cached ??= ctx.evaluate(attr.value));
}
