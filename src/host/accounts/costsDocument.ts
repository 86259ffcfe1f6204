// `Baton: Show Costs`: a read-only markdown summary of the last 30 days (by provider, agents'
// usage included, and by model) and of every account's window, until the costs panel comes.
import * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import { resetText, usedText } from '../../core/accounts/standingText';
import { formatUsd } from '../../core/costs/costMath';

const DAYS = 30;
const DAY_MS = 86_400_000;

function cell(text: string): string {
  return text.replace(/[|\\]/g, (c) => `\\${c}`);
}

async function costSection(services: BatonServices, now: number): Promise<string[]> {
  const router = services.router;
  if (!router) return [];
  const report = await router.costs({ sinceMs: Math.floor(now / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS, untilMs: now + 1 });
  const unpriced = report.unpricedRequests > 0 ? ` (${report.unpricedRequests} without a known price, not counted)` : '';
  return [
    `## Last ${DAYS} days: ${formatUsd(report.totalNanos)} over ${report.requests} requests${unpriced}`,
    '',
    '| Provider or agent | Requests | Cost |', '|---|---:|---:|',
    ...report.byProvider.map((row) => `| ${cell(row.provider)} | ${row.requests} | ${formatUsd(row.nanos)} |`),
    '',
    '| Model | Requests | Cost |', '|---|---:|---:|',
    ...report.byModel.slice(0, 20).map((row) => `| ${cell(`${row.provider} · ${row.model}`)} | ${row.requests} | ${formatUsd(row.nanos)} |`),
    '',
    'Agents\' usage read from their logs is priced at list prices where the agent reported no cost (an estimate: a subscription may cover it).',
  ];
}

export async function showCostsDocument(services: BatonServices): Promise<void> {
  const now = Date.now();
  const standings = await services.accounts.standings();
  const accounts = standings.length === 0
    ? ['No accounts yet: add one with **Baton: Add Account**.']
    : ['| Account | Platform | Used | Window |', '|---|---|---|---|', ...standings.map((s) => `| ${cell(s.account.name)} | ${cell(s.account.platform)} | ${cell(usedText(s))} | ${cell(`${s.account.window.kind}, ${resetText(s, now) || 'not in use'}`)} |`)];
  const content = ['# Baton costs and credits', '', ...(await costSection(services, now)), '', '## Accounts', '', ...accounts, ''].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: true });
}
