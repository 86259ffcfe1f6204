// The MCP server, with the MCP SDK, zod and ajv, is a bundle of its own (dist/mcp.js), loaded
// only by `baton mcp`: the other commands never parse it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type McpServerModule = typeof import('./mcpServer');

let loaded: McpServerModule | undefined;

export function loadMcpServer(): McpServerModule {
  if (loaded) return loaded;
  const bundled = join(__dirname, 'mcp.js');
  // A non-literal path keeps esbuild from pulling the server into the calling bundle; from
  // source (tests, tsx) the module itself is loaded.
  const path = existsSync(bundled) ? bundled : join(__dirname, ['mcp', 'Server'].join(''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(path) as McpServerModule;
  return loaded;
}
