// The MCP server, with the MCP SDK, zod and ajv, is a bundle of its own (dist/mcp.js), loaded
// only by `baton mcp`: the other commands never parse it.
import { requireBundle } from '../app/bundleLoader';

type McpServerModule = typeof import('./mcpServer');

export function loadMcpServer(): McpServerModule {
  return requireBundle<McpServerModule>(__dirname, 'mcp.js', 'mcpServer');
}
