import { isMap, isPair, isSeq, parseAllDocuments } from 'yaml';
import { emptyFacts, type FileFacts, type SourceFile } from '../model/workspace';
import { span } from '../text/span';
import { isCloudFormation, readCloudFormationDocument } from './cloudformation/read-cloudformation';
import { isTooDeep, looksLikeHelmTemplate, MAX_NESTING, TOO_DEEP } from './guards';
import { nodeSpan } from './yaml-ast';
import { isChartFile, readChartDependencies } from './helm-chart';
import { readKubernetesDocument } from './k8s-document';
import { annotationDirectives, serviceAnnotationDirectives } from '../suppress/scan-annotations';

/** Reads a (multi-document) YAML file. Never throws: problems become notices on the file. */
export function readYamlFile(file: SourceFile): FileFacts {
  const facts = emptyFacts(file.path);
  if (looksLikeHelmTemplate(file)) {
    facts.notices.push({
      file: file.path,
      level: 'info',
      skipped: 'file',
      message: 'Skipped: Helm template ({{ … }} actions). Hairpin reads values files and rendered manifests, not templates.',
    });
    return facts;
  }
  if (file.text.trim() === '') {
    facts.notices.push({ file: file.path, level: 'info', skipped: 'file', message: 'Skipped: empty file.' });
    return facts;
  }
  let docs;
  try {
    docs = parseYaml(file.text);
  } catch (err) {
    const message = (err as Error).message;
    facts.notices.push({ file: file.path, level: 'error', skipped: 'file', message: isTooDeep(message) ? `Skipped: ${TOO_DEEP}.` : `Skipped: the YAML parser failed (${message}).` });
    return facts;
  }
  if (!Array.isArray(docs)) return facts; // an empty stream
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      // The parser's message ends with ":" before a code excerpt; keep the sentence, drop the excerpt.
      const firstLine = (e.message.split('\n')[0] ?? e.message).replace(/:\s*$/, '');
      facts.notices.push({
        file: file.path,
        level: 'error',
        skipped: 'document',
        message: isTooDeep(firstLine) ? `Document skipped: ${TOO_DEEP}.` : `YAML syntax error, document skipped: ${firstLine}`,
        span: span(file.path, Math.min(e.pos[0], file.text.length), Math.min(e.pos[1], file.text.length)),
      });
      continue;
    }
    const deep = nodeDeeperThan(doc.contents, MAX_NESTING);
    if (deep) {
      const at = nodeSpan(file.path, deep);
      facts.notices.push({ file: file.path, level: 'error', skipped: 'document', message: `Document skipped: ${TOO_DEEP}.`, ...(at ? { span: at } : {}) });
      continue;
    }
    try {
      if (isChartFile(file.path)) {
        facts.chartDependencies = [...(facts.chartDependencies ?? []), ...readChartDependencies(doc, file.path)];
        continue;
      }
      if (isCloudFormation(doc)) {
        readCloudFormationDocument(doc, file.path, file.text, facts);
        continue;
      }
      const servicesBefore = facts.services.length;
      readKubernetesDocument(doc, file.path, file.text, facts);
      const annotations = annotationDirectives(doc, file.path, file.text);
      // A Service manifest's own annotation is read above; a Service another document describes carries its own.
      const described = facts.services.slice(servicesBefore).flatMap((svc) => serviceAnnotationDirectives(doc, svc, file.path, file.text));
      const all = [...annotations, ...described.filter((d) => !annotations.some((a) => a.span.start === d.span.start))];
      if (all.length > 0) facts.suppressions = [...(facts.suppressions ?? []), ...all];
    } catch (err) {
      // A reader bug must not take the server down; the file is reported, the rest goes on.
      const message = (err as Error).message;
      facts.notices.push({ file: file.path, level: 'error', ...(isTooDeep(message) ? { skipped: 'document' as const, message: `Document skipped: ${TOO_DEEP}.` } : { message: `Internal error while reading a document: ${message}` }) });
    }
  }
  return facts;
}

/**
 * `parseAllDocuments` without pretty errors: those count every line of every file (a line table) and
 * dress each warning (CloudFormation's `!Ref` tags are one per use) with an excerpt, which nothing reads.
 * A file with an error is parsed again with them, so its notices say exactly what they always said.
 */
function parseYaml(text: string): ReturnType<typeof parseAllDocuments> {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs) || !docs.some((d) => d.errors.length > 0)) return docs;
  return parseAllDocuments(text, { uniqueKeys: false });
}

/** The first collection nested deeper than `limit`, found without recursion (the reader's own stack is the concern). */
function nodeDeeperThan(root: unknown, limit: number): { range?: [number, number, number] | null } | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > limit) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}
