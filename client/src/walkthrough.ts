import { commands, DiagnosticSeverity, languages, Uri, window, workspace, type Disposable, type TextDocument } from 'vscode';

export const OpenExampleCommand = 'hairpin.openExample';
/** Context key of the walkthrough's last step: the example had HP101, and now it has not. */
export const EXAMPLE_FIXED_CONTEXT = 'hairpin.walkthrough.exampleFixed';

/**
 * The getting-started walkthrough's glue: "Open the example" opens a copy of the shipped Istio gateway
 * example as an untitled YAML document (so applying a fix never edits the installed extension), and the
 * "Apply the fix" step completes when that document's HP101 goes away.
 */
export function registerWalkthrough(extensionUri: Uri): Disposable[] {
  let example: TextDocument | undefined;
  let hadFinding = false;
  const open = async (): Promise<string> => {
    const bytes = await workspace.fs.readFile(Uri.joinPath(extensionUri, 'examples', 'istio-gateway', 'gateway-service.yaml'));
    example = await workspace.openTextDocument({ language: 'yaml', content: new TextDecoder().decode(bytes) });
    hadFinding = false;
    await commands.executeCommand('setContext', EXAMPLE_FIXED_CONTEXT, false);
    await window.showTextDocument(example);
    return example.uri.toString();
  };
  const watch = languages.onDidChangeDiagnostics((e) => {
    const uri = example?.uri.toString();
    if (!uri || !e.uris.some((u) => u.toString() === uri)) return;
    const hp101 = languages.getDiagnostics(example!.uri).some((d) => d.source === 'hairpin' && d.severity === DiagnosticSeverity.Error && codeOf(d.code) === 'HP101');
    if (hp101) hadFinding = true;
    else if (hadFinding) void commands.executeCommand('setContext', EXAMPLE_FIXED_CONTEXT, true);
  });
  return [commands.registerCommand(OpenExampleCommand, open), watch];
}

function codeOf(code: string | number | { value: string | number } | undefined): string | undefined {
  return code === undefined ? undefined : typeof code === 'object' ? String(code.value) : String(code);
}
