// docket for VS Code: the .dkt language (grammar and configuration come from package.json) and its
// language server, `docket lsp`, started over stdio through vscode-languageclient.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("docket");
  const command = settings.get("server.path") || "docket";
  const args = ["lsp", ...(settings.get("server.extraArgs") || [])];
  const server = { command, args };
  client = new LanguageClient(
    "docket",
    "docket language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "docket" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.dkt,docket.toml}") },
    }
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("docket.restartServer", async () => {
      await client.restart();
    })
  );
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `docket: could not start \`${command} lsp\` (${error.message}). Set "docket.server.path" to the docket binary.`
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
