import { languages, workspace, type Disposable, type TextDocument } from 'vscode';

/** The language id of Hairpin's own HCL grammar (syntaxes/hcl.tmLanguage.json). */
export const FALLBACK_HCL_LANGUAGE = 'hairpin-hcl';
/** Language ids that other extensions (HashiCorp Terraform, HCL extensions) use for Terraform files. */
const OTHER_TERRAFORM_LANGUAGES = ['terraform', 'terraform-vars', 'hcl'];

/**
 * Highlighting for `.tf`/`.tfvars` for users without a Terraform extension, without fighting one:
 * `hairpin-hcl` is contributed with no file extensions, so it never claims a file by itself (VS Code picks
 * one language per file extension, the last registered winning, and maps one grammar per language, again
 * the last registered). Only when no extension contributes a Terraform language does this give the
 * documents that opened as plain text our language id.
 */
export async function useFallbackHclWhenNeeded(): Promise<Disposable | undefined> {
  const known = await languages.getLanguages();
  if (OTHER_TERRAFORM_LANGUAGES.some((id) => known.includes(id))) return undefined;
  const adopt = (doc: TextDocument) => {
    if (doc.languageId === 'plaintext' && doc.uri.scheme === 'file' && /\.(tf|tfvars)$/i.test(doc.uri.path)) void languages.setTextDocumentLanguage(doc, FALLBACK_HCL_LANGUAGE);
  };
  workspace.textDocuments.forEach(adopt);
  return workspace.onDidOpenTextDocument(adopt);
}
