// Export to and import from files, on a BatonDatabase. Shared by the CLI and the extension.
import { promises as fs } from 'node:fs';
import type { RedactionCounts } from '../../core/redaction/redaction';
import type { WorkspaceRef } from '../../core/sessions/session';
import { writeFileAtomic } from '../atomicFile';
import type { BatonDatabase } from '../batonDatabase';
import { requireOutputTarget } from '../outputTarget';
import { serializeExchange } from './exchangeFormat';
import { parseExchange } from './exchangeValidation';
import { type ImportReport, applyImport, previewImport } from './workspaceImporter';
import { exportWorkspace } from './workspaceExporter';

export interface ExportSummary {
  readonly path: string;
  readonly rows: number;
  readonly sessions: number;
  /** Knowledge entries, the workspace's and the global ones. */
  readonly knowledge: number;
  /** The chat's conversations (their messages are rows too). */
  readonly conversations: number;
  /** Secrets replaced by markers in the exported text, by kind. */
  readonly redactions: RedactionCounts;
}

/**
 * Writes the workspace's export to `target`, replacing a regular file there; refuses (with
 * UnsafeOutputTargetError, before anything is read or written) a target that is not a regular
 * file or is one of Baton's own database files.
 */
export async function exportWorkspaceToFile(database: BatonDatabase, workspace: WorkspaceRef, target: string, now = new Date()): Promise<ExportSummary> {
  const path = await requireOutputTarget(target, database.path);
  const document = await database.read((db) => exportWorkspace(db, workspace, now));
  await writeFileAtomic(path, Buffer.from(serializeExchange(document), 'utf8'));
  const count = (type: string) => document.rows.filter((r) => r.type === type).length;
  return { path, rows: document.rows.length, sessions: count('session'), knowledge: count('knowledge'), conversations: count('conversation'), redactions: document.redactions };
}

/** "3 sessions and 2 conversations (41 rows)": what an export held, for its message. */
export function describeExport(summary: ExportSummary): string {
  const conversations = summary.conversations > 0 ? ` and ${counted(summary.conversations, 'conversation')}` : '';
  return `${counted(summary.sessions, 'session')}${conversations} (${counted(summary.rows, 'row')})`;
}

const counted = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

export interface ImportOptions {
  readonly dryRun?: boolean;
  /** Import into this workspace instead of the one named in the file. */
  readonly workspaceId?: string;
}

/** Validates the whole file first; then previews (dry run) or merges it in one transaction. */
export async function importFromFile(database: BatonDatabase, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  const document = parseExchange(await fs.readFile(path, 'utf8')); // a leading byte-order mark is dropped there
  if (options.dryRun) return database.read((db) => previewImport(db, document, options.workspaceId));
  return database.write((db) => applyImport(db, document, options.workspaceId));
}

export function describeImport(report: ImportReport, dryRun: boolean): string[] {
  const verb = dryRun ? 'would add' : 'added';
  const line = (name: string, c: ImportReport['sessions']) =>
    `${name}: ${verb} ${c.added + c.remapped}${c.remapped ? ` (${c.remapped} under new ids)` : ''}, ${c.unchanged} already present`;
  return [
    `${dryRun ? 'Dry run: nothing was changed. ' : ''}Workspace ${report.workspaceId}${report.workspaceAdded ? (dryRun ? ' (would be added)' : ' (added)') : ''}`,
    line('sessions', report.sessions),
    line('notes', report.notes),
    line('files', report.files),
    line('ledger rows', report.ledger),
    `${line('knowledge', report.knowledge)}${report.knowledge.updated ? `, ${report.knowledge.updated} ${dryRun ? 'would be updated' : 'updated'} to a later edit` : ''}`,
    line('conversations', report.conversations),
    line('messages', report.messages),
    ...(report.closedOpenSessions ? [`${report.closedOpenSessions} open session(s) ${dryRun ? 'would be' : 'were'} imported as ended: the workspace already has one running`] : []),
  ];
}
