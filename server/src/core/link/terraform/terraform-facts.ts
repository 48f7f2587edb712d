import { folderOf, type TfFileSyntax } from '../../model/terraform';
import { emptyFacts, type FileFacts } from '../../model/workspace';
import { readAlbModules } from './alb-module';
import { readAttachments } from './attachments';
import { readAwsLoadBalancing } from './aws-lb';
import type { ModuleContext } from './context';
import { readNodeGroups } from './eks';
import { readVpcZones } from './vpc';
import { makeEvaluator } from './evaluate';
import { readHelmReleases } from './helm-release';
import { readAddonReleases } from './addon-modules';
import { readKubernetesServices } from './kubernetes-service';
import { moduleScope } from './module-scope';
import { followModuleCalls, calledFolders } from './module-calls';
import { moduleSource } from './module-sources';

/**
 * Evaluates each root Terraform module (the .tf and .tfvars files of one folder that no other folder
 * calls as a local module) into load balancer, target group, listener, Service and cluster-hint facts,
 * as extra FileFacts appended before linking: one per root folder, named by the folder, holding what
 * its local modules produce too. Every span points into the real files. Never throws.
 */
export function terraformFacts(files: readonly FileFacts[]): FileFacts[] {
  const modules = terraformModules(files);
  const texts = workspaceTexts(files);
  return terraformRoots(modules).map((folder) => evaluateModule(folder, modules, texts).facts);
}

/** The text of every file a Terraform `file()` / `templatefile()` may read (YAML and templates), by path. */
export function workspaceTexts(files: readonly FileFacts[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const f of files) if (f.text !== undefined) texts.set(f.file, f.text);
  return texts;
}

export interface ModuleMember {
  readonly file: string;
  readonly syntax: TfFileSyntax;
}

export type ModuleFolders = ReadonlyMap<string, readonly ModuleMember[]>;

/** The .tf/.tfvars files of each folder, in workspace order: a module is evaluated from these alone. */
export function terraformModules(files: readonly FileFacts[]): Map<string, ModuleMember[]> {
  const folders = new Map<string, ModuleMember[]>();
  for (const f of files) {
    const syntax = f.terraform;
    if (syntax?.kind !== 'file') continue;
    const folder = folderOf(f.file);
    const list = folders.get(folder) ?? [];
    list.push({ file: f.file, syntax });
    folders.set(folder, list);
  }
  return folders;
}

/**
 * Folders evaluated as root modules: those no other folder of the workspace calls with a local
 * `source`. A called folder is evaluated through each call, with the call's arguments as its
 * variables, as Terraform does; on its own its variables would have no values.
 */
export function terraformRoots(modules: ModuleFolders): string[] {
  const called = calledFolders(modules);
  const roots = [...modules.keys()].filter((folder) => !called.has(folder));
  // Folders that only call each other (a cycle) have no root among them; evaluate them as written.
  return roots.length > 0 || modules.size === 0 ? roots : [...modules.keys()];
}

export interface EvaluatedModule {
  readonly facts: FileFacts;
  /** Every folder whose files went into the facts, or could have: the root, then the local modules it names. */
  readonly folders: readonly string[];
  /** Every file `file()` / `templatefile()` asked for, with the text it got (undefined: not in the workspace). */
  readonly reads: ReadonlyMap<string, string | undefined>;
}

export function evaluateModule(folder: string, modules: ModuleFolders, texts: ReadonlyMap<string, string> = new Map()): EvaluatedModule {
  const members = modules.get(folder) ?? [];
  const facts = emptyFacts(folder);
  const scope = moduleScope(folder, members);
  const reads = new Map<string, string | undefined>();
  const workspace = {
    read(path: string) {
      const text = texts.get(path);
      reads.set(path, text);
      return text;
    },
  };
  const root: ModuleContext = { scope, evaluate: makeEvaluator(scope, workspace), files: workspace, facts, listeners: [], attachments: [], helmReleases: [] };
  const folders = [folder];
  const files = [...scope.files];
  const run = (ctx: ModuleContext) => {
    // Every local module it names is an input, found or not: a folder that appears later changes the result.
    for (const [, located] of ctx.scope.modules) {
      const src = moduleSource(located.node, ctx.scope.folder);
      if (src.kind === 'local' && !folders.includes(src.folder)) folders.push(src.folder);
    }
    const steps: [string, () => void][] = [
      ['aws_lb resources', () => readAttachments(ctx, readAwsLoadBalancing(ctx))],
      ['terraform-aws-modules/alb', () => readAlbModules(ctx, modules)],
      ['kubernetes_service resources', () => readKubernetesServices(ctx)],
      ['node groups', () => readNodeGroups(ctx)],
      ['VPC zones', () => readVpcZones(ctx)],
      ['helm_release resources', () => readHelmReleases(ctx)],
      ['EKS add-on modules', () => readAddonReleases(ctx)],
      [
        'module calls',
        () =>
          followModuleCalls(ctx, modules, (child) => {
            if (!folders.includes(child.scope.folder)) folders.push(child.scope.folder);
            files.push(...child.scope.files);
            run(child);
          }),
      ],
    ];
    for (const [what, step] of steps) {
      try {
        step();
      } catch (err) {
        // A bug in one reader must not lose the others, nor take the server down.
        facts.notices.push({ file: ctx.scope.files[0] ?? ctx.scope.folder, level: 'error', message: `Internal error while evaluating ${what} in ${ctx.scope.folder}: ${(err as Error).message}` });
      }
    }
  };
  run(root);
  return {
    facts: { ...facts, terraform: { kind: 'module', folder, files, listeners: root.listeners, attachments: root.attachments, helmReleases: root.helmReleases } },
    folders,
    reads,
  };
}
