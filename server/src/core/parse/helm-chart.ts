import type { Document } from 'yaml';
import type { ChartDependencyFact } from '../model/kubernetes';
import { span } from '../text/span';
import { asSeq, entry, nodeSpan, scalarText } from './yaml-ast';

export function isChartFile(path: string): boolean {
  return /(^|\/)Chart\.ya?ml$/.test(path);
}

/** The dependencies a Chart.yaml declares (name, alias, repository). */
export function readChartDependencies(doc: Document, file: string): ChartDependencyFact[] {
  return (asSeq(entry(doc.contents, 'dependencies')?.value)?.items ?? []).flatMap((d) => {
    const name = scalarText(entry(d, 'name')?.value);
    if (!name) return [];
    const alias = scalarText(entry(d, 'alias')?.value);
    const repository = scalarText(entry(d, 'repository')?.value);
    return [{ file, span: nodeSpan(file, (entry(d, 'alias') ?? entry(d, 'name'))?.value as never) ?? span(file, 0, 0), name, ...(alias ? { alias } : {}), ...(repository ? { repository } : {}) }];
  });
}
