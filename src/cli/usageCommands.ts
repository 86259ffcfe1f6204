// `baton usage scan`: reads what is new in other agents' local logs (Claude Code, Codex, Gemini
// CLI, and the Cline family's task files) into the ledger. Each file is read on from where the
// last scan stopped, so a second scan adds nothing. Given folders replace the defaults: then only
// the agents whose folder was given are read.
import { statSync } from 'node:fs';
import type { BatonServices } from '../app/batonServices';
import type { SourceScanTotals } from '../app/usageServices';
import type { AgentSource } from '../core/accounts/account';
import type { AgentLogScanOptions } from '../context/agentLogs/usageScanner';
import { tidy } from './accountFormat';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

/** Lines about logs that could not be read; they go to stderr. */
export type Warn = (line: string) => void;

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function requireFolder(option: string, dir: string): string {
  if (!isFolder(dir)) throw new UsageError(`${option} ${dir}: no such folder.`);
  return dir;
}

/** The scan's roots and sources: the given folders only, or everything at its default place. */
export function scanOptions(invocation: CliInvocation): Partial<AgentLogScanOptions> {
  const sources: AgentSource[] = [];
  const options: { claudeDirs?: string[]; codexDir?: string; geminiDir?: string } = {};
  if (invocation.claudeDir !== undefined) {
    options.claudeDirs = [requireFolder('--claude-dir', invocation.claudeDir)];
    sources.push('claude-code');
  }
  if (invocation.codexDir !== undefined) {
    options.codexDir = requireFolder('--codex-dir', invocation.codexDir);
    sources.push('codex');
  }
  if (invocation.geminiDir !== undefined) {
    options.geminiDir = requireFolder('--gemini-dir', invocation.geminiDir);
    sources.push('gemini-cli');
  }
  return sources.length === 0 ? {} : { ...options, sources };
}

function totalsJson(totals: SourceScanTotals) {
  const { source, files, records, skipped, input, output, cacheRead, cacheWrite } = totals;
  return { source, files, records, skipped, input, output, cacheRead, cacheWrite, costUsd: tidy(totals.costUsd) };
}

const count = (n: number) => n.toLocaleString('en-US');

function totalsLine(t: SourceScanTotals): string {
  const tokens = `input ${count(t.input)}, output ${count(t.output)}, cache read ${count(t.cacheRead)}, cache write ${count(t.cacheWrite)}`;
  const cost = t.costUsd > 0 ? `, $${t.costUsd.toFixed(4)} reported by the agent` : '';
  const skipped = t.skipped > 0 ? `, ${t.skipped} skipped` : '';
  return `${t.source}: ${t.files} file(s), ${t.filesRead} with new lines; ${t.records} record(s) read, ${t.added} added, ${t.grown} grown${skipped}; ${tokens}${cost}`;
}

export async function runUsage(invocation: CliInvocation, services: BatonServices, output: CliOutput, warn: Warn): Promise<void> {
  const sub = invocation.command[1];
  if (sub !== 'scan') throw new UsageError(`Unknown command "usage ${sub ?? ''}". Try: scan.`);
  if (invocation.command.length > 2) throw new UsageError('baton usage scan takes options only: [--claude-dir DIR] [--codex-dir DIR] [--gemini-dir DIR].');
  const totals = await services.usage().scan(scanOptions(invocation));
  for (const t of totals) for (const unreadable of t.unreadable) warn(`${t.source}: could not read ${unreadable.path}: ${unreadable.error}`);
  if (invocation.json) {
    output.out(JSON.stringify({ sources: totals.map(totalsJson) }));
    return;
  }
  for (const t of totals) output.out(totalsLine(t));
  const added = totals.reduce((sum, t) => sum + t.added, 0);
  const grown = totals.reduce((sum, t) => sum + t.grown, 0);
  if (added + grown === 0) output.out('Nothing new: the ledger already holds every record these logs have.');
  else output.out(`Added ${added} record(s) to the ledger${grown > 0 ? ` and completed ${grown} partly streamed one(s)` : ''}.`);
}
