// The account pool for other agents over MCP: `log_credits` (what a web assistant or the agent
// itself spent, tied to the running session) and `credit_status` (every account with what is
// used in its window and when it resets, and the current one). Results pass toolText's redaction.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import type { AccountStanding } from '../core/accounts/accountPool';
import { resetText, standingLabel, usedText } from '../core/accounts/standingText';

type Guard = (tool: string, run: () => Promise<CallToolResult>) => Promise<CallToolResult>;
type Text = (text: string) => CallToolResult;

function describeStanding(standing: AccountStanding, currentId: string | null, now: number): string {
  const mark = standing.account.id === currentId ? ' (current)' : '';
  const reset = resetText(standing, now);
  return `- ${standing.account.name}${mark}: ${usedText(standing)} of ${standing.limit} ${standing.account.unit} used, ${standing.status}${reset ? `, ${reset}` : ''}`;
}

export function registerCreditTools(server: McpServer, services: BatonServices, work: WorkspaceServices, tools: { guarded: Guard; text: Text; error: Text }): void {
  const pool = services.accounts;
  server.registerTool(
    'log_credits',
    {
      title: 'Log credits spent',
      description:
        'Records credits (or dollars, in the account\'s unit) spent on an account of the user\'s pool, tied to the running ' +
        'session of this workspace; by default on the current account. Returns what the account has used and left.',
      inputSchema: {
        amount: z.number().positive().describe("How much was spent, in the account's unit (credits, usd or percent)."),
        account: z.string().optional().describe('The account name; the current account when left out.'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ amount, account }) => tools.guarded('log_credits', async () => {
      const target = account !== undefined ? await pool.byName(account) : (await pool.current())?.account;
      if (!target) return tools.error('account: no current account is set. Name the account, or ask the user to pick one ("Baton: Switch Account" or `baton accounts use NAME`).');
      await work.tracker.refresh();
      const standing = await pool.logCredits(target, amount, { sessionId: work.tracker.running?.id ?? null, workspaceId: work.workspace.id });
      return tools.text(`Logged ${amount} ${target.unit} on ${target.name}: now ${standingLabel(standing)}, ${Math.round(standing.remaining * 100) / 100} left.`);
    }),
  );
  server.registerTool(
    'credit_status',
    {
      title: 'Accounts and credits',
      description: "Every account in the user's pool: used and limit in its current window, status, time to its reset; and which one is current.",
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => tools.guarded('credit_status', async () => {
      const standings = await pool.standings();
      if (standings.length === 0) return tools.text('No accounts in the pool. The user can add one with "Baton: Add Account" or `baton accounts add`.');
      const current = await pool.current();
      const now = Date.now();
      const lines = standings.map((standing) => describeStanding(standing, current?.account.id ?? null, now));
      return tools.text([current ? `Current account: ${current.account.name}` : 'No current account.', ...lines].join('\n'));
    }),
  );
}
