// Starts `slsc lsp` for serverless*.yml / serverless*.yaml files and passes it the `slsc.*`
// settings: as initialization options, then on every change (workspace/didChangeConfiguration).
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function settings() {
  const c = vscode.workspace.getConfiguration('slsc');
  return { stage: c.get('stage'), region: c.get('region'), params: c.get('params'), debounceMs: c.get('debounceMs') };
}

exports.activate = async function activate() {
  const command = vscode.workspace.getConfiguration('slsc').get('path') || 'slsc';
  client = new LanguageClient(
    'slsc',
    'slsc',
    { command, args: ['lsp'] },
    {
      documentSelector: [{ scheme: 'file', language: 'yaml', pattern: '**/serverless*.{yml,yaml}' }],
      initializationOptions: settings(),
      synchronize: { configurationSection: 'slsc' },
    },
  );
  await client.start();
};

exports.deactivate = function deactivate() {
  return client ? client.stop() : undefined;
};
