// Commands that move data in and out: export the workspace, import an export, back up the
// whole database. Each asks where, shows progress, and says what it did.
import * as vscode from 'vscode';
import type { BatonServices } from '../app/batonServices';
import { UserFacingError } from '../core/errors';
import { describeRedactions } from '../core/redaction/redaction';
import { ExchangeValidationError } from '../storage/exchange/exchangeValidation';
import { describeExport, describeImport, exportWorkspaceToFile, importFromFile } from '../storage/exchange/workspaceExchange';
import { UnsafeOutputTargetError, requireOutputTarget } from '../storage/outputTarget';
import { registerGuarded } from './guardedCommand';
import type { Log } from './log';

const today = () => new Date().toISOString().slice(0, 10);

function withProgress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task);
}

export class DataCommands {
  constructor(
    private readonly services: () => BatonServices,
    /** Re-reads the session after an import and refreshes the views. */
    private readonly afterImport: () => Promise<void>,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerGuarded('baton.exportWorkspaceData', () => this.exportWorkspace(), this.log),
      registerGuarded('baton.importData', () => this.importData(), this.log),
      registerGuarded('baton.backUpDatabase', () => this.backupDatabase(), this.log),
    );
  }

  async exportWorkspace(): Promise<void> {
    const { database, workspace } = this.require();
    const target = await vscode.window.showSaveDialog({
      title: 'Baton: Export Workspace Data',
      saveLabel: 'Export',
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('.'), `baton-${workspace.name}-${today()}.jsonl`),
      filters: { 'Baton export': ['jsonl'] },
    });
    if (!target || !(await this.mayWrite(target, database.path))) return;
    const summary = await withProgress('Baton: exporting workspace data…', () => exportWorkspaceToFile(database, workspace, target.fsPath));
    const redacted = describeRedactions(summary.redactions);
    this.log.info(`Exported ${summary.rows} rows to ${summary.path}${redacted ? `; ${redacted}` : ''}`);
    void vscode.window.showInformationMessage(`Baton: exported ${describeExport(summary)} to ${summary.path}.${redacted ? ` ${redacted}.` : ''}`);
  }

  async importData(): Promise<void> {
    const { database, workspace } = this.require();
    const [source] = (await vscode.window.showOpenDialog({ title: 'Baton: Import Data', openLabel: 'Import', canSelectMany: false, filters: { 'Baton export': ['jsonl', 'json'] } })) ?? [];
    if (!source) return;
    const target = await vscode.window.showQuickPick(
      [
        { label: `$(folder) Into this workspace (${workspace.name})`, detail: 'Sessions land in the current workspace, whatever folder they came from.', id: workspace.id },
        { label: '$(file) Into the workspace named in the file', detail: 'Keeps the original workspace id, e.g. to restore on the same machine.', id: undefined },
      ],
      { title: 'Baton: Import Data', placeHolder: 'Where should the imported sessions go?' },
    );
    if (!target) return;
    try {
      const preview = await importFromFile(database, source.fsPath, { dryRun: true, workspaceId: target.id });
      const proceed = await vscode.window.showInformationMessage('Import this data?', { modal: true, detail: describeImport(preview, true).slice(1).join('\n') }, 'Import');
      if (proceed !== 'Import') return;
      const report = await withProgress('Baton: importing…', () => importFromFile(database, source.fsPath, { workspaceId: target.id }));
      this.log.info(`Imported ${source.fsPath}: ${describeImport(report, false).join('; ')}`);
      await this.afterImport();
      void vscode.window.showInformationMessage(`Baton: ${describeImport(report, false).slice(1, 3).join('; ')}.`);
    } catch (error) {
      if (!(error instanceof ExchangeValidationError)) throw error;
      for (const problem of error.problems) this.log.warn(`Import ${source.fsPath}: ${problem}`);
      const pick = await vscode.window.showErrorMessage(`Baton: nothing was imported: ${error.problems.length} problem(s) in the file, first: ${error.problems[0] ?? ''}`, 'Show Log');
      if (pick) this.log.show();
    }
  }

  async backupDatabase(): Promise<void> {
    const { database } = this.require();
    const target = await vscode.window.showSaveDialog({
      title: 'Baton: Back Up Database',
      saveLabel: 'Back Up',
      defaultUri: vscode.Uri.file(database.path.replace(/[^/\\]+$/, `baton-backup-${today()}.db`)),
      filters: { 'SQLite database': ['db', 'sqlite'] },
    });
    if (!target || !(await this.mayWrite(target, database.path))) return;
    await withProgress('Baton: backing up the database…', () => database.backupTo(target.fsPath));
    this.log.info(`Backed up the database to ${target.fsPath}`);
    void vscode.window.showInformationMessage(`Baton: database backed up to ${target.fsPath}.`);
  }

  /**
   * The save dialog lets a user pick a link, a device or Baton's own database files: those are
   * refused with an error message that says what to do, and nothing is written.
   */
  private async mayWrite(target: vscode.Uri, databasePath: string): Promise<boolean> {
    try {
      await requireOutputTarget(target.fsPath, databasePath);
      return true;
    } catch (error) {
      if (!(error instanceof UnsafeOutputTargetError)) throw error;
      this.log.warn(error.message);
      void vscode.window.showErrorMessage(`Baton: ${error.message}`);
      return false;
    }
  }

  private require() {
    const services = this.services();
    if (!services.work) throw new UserFacingError('Open a folder or workspace first: Baton keeps data per workspace.');
    return { database: services.database, workspace: services.work.workspace };
  }
}
