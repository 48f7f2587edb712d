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
import { readKubernetesServices } from './kubernetes-service';
import { moduleScope } from './module-scope';

/**
 * Evaluates each Terraform module (the .tf and .tfvars files of one folder) into load balancer,
 * target group, listener, Service and cluster-hint facts, as extra FileFacts appended before linking:
 * one per folder, named by the folder; every span points into the real files. Never throws.
 */
export function terraformFacts(files: readonly FileFacts[]): FileFacts[] {
  return [...terraformModules(files)].map(([folder, members]) => evaluateModule(folder, members));
}

export interface ModuleMember {
  readonly file: string;
  readonly syntax: TfFileSyntax;
}

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

export function evaluateModule(folder: string, members: readonly ModuleMember[]): FileFacts {
  const facts = emptyFacts(folder);
  const scope = moduleScope(folder, members);
  const ctx: ModuleContext = { scope, evaluate: makeEvaluator(scope), facts, listeners: [], attachments: [], helmReleases: [] };
  const steps: [string, () => void][] = [
    ['aws_lb resources', () => readAttachments(ctx, readAwsLoadBalancing(ctx))],
    ['terraform-aws-modules/alb', () => readAlbModules(ctx)],
    ['kubernetes_service resources', () => readKubernetesServices(ctx)],
    ['node groups', () => readNodeGroups(ctx)],
    ['VPC zones', () => readVpcZones(ctx)],
    ['helm_release resources', () => readHelmReleases(ctx)],
  ];
  for (const [what, run] of steps) {
    try {
      run();
    } catch (err) {
      // A bug in one reader must not lose the others, nor take the server down.
      facts.notices.push({ file: scope.files[0] ?? folder, level: 'error', message: `Internal error while evaluating ${what} in ${folder}: ${(err as Error).message}` });
    }
  }
  return {
    ...facts,
    terraform: { kind: 'module', folder, files: scope.files, listeners: ctx.listeners, attachments: ctx.attachments, helmReleases: ctx.helmReleases },
  };
}
