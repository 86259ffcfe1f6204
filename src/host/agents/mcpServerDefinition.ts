// Offers `baton mcp` to VS Code's own MCP client (agent mode) through the MCP server definition
// API, which arrived in VS Code 1.101: feature-detected, so older editors simply go without.
// The server is the extension's own CLI run by the editor's Node (the Electron binary as Node),
// on the window's database and folder; only in a trusted workspace, since the server runs git.
import * as vscode from 'vscode';
import type { Log } from '../log';

type StdioDefinitionConstructor = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => object;

interface McpDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): object[];
}

interface McpDefinitionApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpDefinitionProvider): vscode.Disposable;
}

export const MCP_PROVIDER_ID = 'baton.mcpServer';

export interface BatonMcpLaunch {
  readonly cliPath: string;
  readonly databasePath: string;
  /** The workspace folder the server serves, asked when VS Code asks (trust may come later); null without a trusted local folder. */
  readonly folder: () => string | null;
  readonly version: string;
}

/** The command line VS Code runs: the CLI's `mcp` command for this folder and database. */
export function mcpLaunchArgs(launch: BatonMcpLaunch): string[] | null {
  const folder = launch.folder();
  return folder === null ? null : [launch.cliPath, 'mcp', '--workspace', folder, '--db', launch.databasePath];
}

export function registerBatonMcpServer(launch: BatonMcpLaunch, log: Log): vscode.Disposable {
  const api = vscode.lm as unknown as Partial<McpDefinitionApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinitionConstructor }).McpStdioServerDefinition;
  if (typeof api.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') {
    log.info('This editor has no MCP server definition API (VS Code 1.101 or later): add "baton mcp" to your MCP client by hand (see the README).');
    return { dispose: () => undefined };
  }
  const changed = new vscode.EventEmitter<void>();
  const provider: McpDefinitionProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const args = mcpLaunchArgs(launch);
      if (!args) return [];
      return [new Definition('Baton', process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, launch.version)];
    },
  };
  try {
    // VS Code 1.100 has the function under an earlier contribution point and throws: the
    // server is an extra, never a reason for activation to fail.
    const registration = api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
    const trust = vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire());
    return vscode.Disposable.from(registration, trust, changed);
  } catch (error) {
    changed.dispose();
    log.info(`VS Code did not take Baton's MCP server definition (${error instanceof Error ? error.message : String(error)}): add "baton mcp" to your MCP client by hand (see the README).`);
    return { dispose: () => undefined };
  }
}
