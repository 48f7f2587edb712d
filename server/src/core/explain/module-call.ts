import type { AnalysisResult } from '../analyze';
import type { Frontend } from '../model/frontend';
import type { TfBlock } from '../model/terraform';

/** `tf:<root folder>:module.<name>.…`: a frontend a local module made, called from the root folder as `<name>`. */
const MODULE_MADE = /^tf:(.*?):module\.([^.[]+)/;

/**
 * The `module "<name>" { … }` block of the root module that made this frontend, when a local module
 * made it: there the user chose the inputs (and there its findings usually are), so the code lens and
 * positions inside that block belong to it. Undefined for a frontend defined where it is written.
 */
export function moduleCallOf(result: AnalysisResult, f: Frontend): TfBlock | undefined {
  const m = MODULE_MADE.exec(f.id);
  if (!m) return undefined;
  const [, folder, name] = m;
  for (const file of result.files) {
    const tf = file.terraform;
    if (!tf || tf.kind !== 'file' || tf.variant !== 'tf' || tf.folder !== folder) continue;
    const call = tf.body.blocks.find((b) => b.type === 'module' && b.labels[0]?.value === name);
    if (!call) continue;
    // The alb registry module's frontends are read from the call itself: their head is already there.
    return call.head.file !== f.loadBalancer.head.file || call.head.start !== f.loadBalancer.head.start ? call : undefined;
  }
  return undefined;
}
