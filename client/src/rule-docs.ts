/** One rule page of docs/rules/ as a QuickPick entry. Pure, so it is tested without VS Code. */
export interface RuleDocEntry {
  readonly id: string;
  /** `HP101 hairpin-reset`, from the page's heading. */
  readonly label: string;
  /** The page's one-line summary (its first quote). */
  readonly detail: string;
  readonly file: string;
}

/** Rule pages are named after their code (`HP101.md`); anything else in the folder is not a rule page. */
export function ruleDocEntry(file: string, text: string): RuleDocEntry | undefined {
  const id = /^(HP\d{3})\.md$/.exec(file)?.[1];
  if (!id) return undefined;
  const heading = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? id;
  const summary = /^>\s+(.+)$/m.exec(text)?.[1]?.trim() ?? '';
  return { id, label: heading, detail: summary, file };
}

/** The entries for a folder listing, in code order. */
export function ruleDocEntries(files: readonly { readonly name: string; readonly text: string }[]): RuleDocEntry[] {
  return files.flatMap((f) => ruleDocEntry(f.name, f.text) ?? []).sort((a, b) => a.id.localeCompare(b.id));
}
