// The Solvus extension: starts `solvus --rpc` and connects it to VS Code with
// vscode-languageclient; everything else (diagnostics, hover, completion, signature help,
// symbols, inlay hints) comes from the server. Plain JavaScript: nothing to compile.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('solvus');
  const server = { command: config.get('path', 'solvus'), args: ['--rpc'] };
  client = new LanguageClient('solvus', 'Solvus', server, {
    documentSelector: [{ language: 'solvus' }],
    initializationOptions: {
      timeLimit: config.get('timeLimit', 2),
      maxElements: config.get('maxElements', 10000000),
      inlayHintLength: config.get('inlayHintLength', 60),
    },
  });
  client.start();

  // Solvus: Evaluate Selection — the values of the selected statements (or the current line)
  // and what they printed, in the Solvus output channel.
  context.subscriptions.push(vscode.commands.registerCommand('solvus.evaluate', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'solvus') return;
    const selection = editor.selection;
    const result = await client.sendRequest('solvus/evaluate', {
      uri: editor.document.uri.toString(),
      range: client.code2ProtocolConverter.asRange(selection),
    });
    const out = client.outputChannel;
    for (const v of result.values) out.appendLine((v.name ? v.name + ' = ' : '') + v.text);
    if (result.output) out.append(result.output);
    for (const d of result.diagnostics) out.appendLine(`error[${d.code}]: ${d.message}`);
    out.show(true);
  }));
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
