// Tells the user what the storage layer found on open (a damaged file moved aside, a damaged
// journal read past its damage, a newer schema, a folder that cannot be written), and later
// repairs of the journal, and warns once when the database grows past `baton.storage.warnSizeMB`.
import * as vscode from 'vscode';
import { type BatonDatabase, type JournalRecovery, describeJournalRecovery } from '../storage/batonDatabase';
import { describeRestore } from '../storage/recovery';
import type { Log } from './log';

function warn(log: Log, message: string): void {
  log.warn(message);
  void vscode.window.showWarningMessage(message, 'Show Log').then((pick) => pick && log.show());
}

export function reportOpenOutcome(database: BatonDatabase, log: Log): void {
  const recovery = database.recovery;
  if (recovery) {
    const restored = describeRestore(recovery);
    const message = `Baton's database was damaged (${recovery.reason}). The damaged file was moved to ${recovery.movedTo} and ${restored}.`;
    log.warn(message + (recovery.journalMovedTo ? ` The journal was moved to ${recovery.journalMovedTo}.` : ''));
    void vscode.window.showWarningMessage(message, 'Show Log').then((pick) => pick && log.show());
  }
  // Every time: on open, and whenever a later catch-up finds the journal damaged.
  const journalDamaged = (journal: JournalRecovery) => warn(log, describeJournalRecovery(journal));
  if (database.journalRecovery) journalDamaged(database.journalRecovery);
  database.onJournalRecovery(journalDamaged);
  if (database.readOnlyVersion !== null) {
    void vscode.window.showWarningMessage(`Baton's database was written by a newer version of Baton. It is open read-only: update Baton to record sessions again.`);
  } else if (database.notWritable) {
    warn(log, `Baton's database is open read-only. ${database.notWritable.message}`);
  }
}

export class DatabaseSizeWatch {
  private warned = false;

  constructor(
    private readonly database: BatonDatabase,
    private readonly log: Log,
  ) {}

  async check(): Promise<void> {
    if (this.warned) return;
    const limitMB = vscode.workspace.getConfiguration('baton').get<number>('storage.warnSizeMB', 200);
    const sizeMB = (await this.database.sizeOnDisk()) / (1024 * 1024);
    if (limitMB <= 0 || sizeMB <= limitMB) return;
    this.warned = true;
    const message = `Baton's database is ${sizeMB.toFixed(0)} MB, above the ${limitMB} MB set in baton.storage.warnSizeMB. Export and remove old data, or raise the limit.`;
    this.log.warn(message);
    const pick = await vscode.window.showWarningMessage(message, 'Open Settings');
    if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', 'baton.storage.warnSizeMB');
  }
}
