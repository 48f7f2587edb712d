import { emptyFacts, type FileFacts, type SourceFile } from '../model/workspace';
import { DEFAULT_LIMITS, skipReason, type ReadLimits } from './guards';
import { readYamlFile } from './yaml-file';

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Whether some reader handles this path; callers use it to choose which files to pass in. */
export function isAnalysablePath(path: string): boolean {
  return isYamlPath(path);
}

/** Dispatches a file to its reader by name. Never throws. */
export function readFile(file: SourceFile, limits: ReadLimits = DEFAULT_LIMITS): FileFacts {
  const skip = skipReason(file, limits);
  if (skip) return { ...emptyFacts(file.path), notices: [skip] };
  if (file.language === 'yaml' || isYamlPath(file.path)) return readYamlFile(file);
  return emptyFacts(file.path);
}
