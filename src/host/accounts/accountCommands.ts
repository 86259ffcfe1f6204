// The account pool from the palette: add, edit (and enable or disable), remove, import from a
// CSV or JSON file (nothing is imported from a file with errors), and export.
import * as vscode from 'vscode';
import { extname } from 'node:path';
import type { BatonServices } from '../../app/batonServices';
import type { Account } from '../../core/accounts/account';
import { lazyZoneClock } from '../../app/zoneClockLoader';
import { type AccountsFileFormat, parseAccountsFile } from '../../core/accounts/accountImport';
import { formatAccountsCsv, formatAccountsJson } from '../../core/accounts/accountExport';
import { UserFacingError } from '../../core/errors';
import { registerGuarded } from '../guardedCommand';
import type { Log } from '../log';
import type { SecretApiKeys } from '../router/secretApiKeys';
import { askAccountFields } from './accountForm';
import { pickAccount } from './accountPicks';

export class AccountCommands {
  constructor(
    private readonly services: () => BatonServices,
    private readonly keys: SecretApiKeys,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const guarded = (id: string, run: () => Promise<void>) => registerGuarded(id, run, this.log);
    return vscode.Disposable.from(
      guarded('baton.addAccount', () => this.add()),
      guarded('baton.editAccount', () => this.edit()),
      guarded('baton.removeAccount', () => this.remove()),
      guarded('baton.importAccounts', () => this.importFile()),
      guarded('baton.exportAccounts', () => this.exportFile()),
    );
  }

  private async add(): Promise<void> {
    const pool = this.services().accounts;
    const fields = await askAccountFields('Baton: Add Account');
    if (!fields) return;
    const added = await pool.add(fields, () => 'use Baton: Edit Account to change it');
    if ((await pool.current()) === null) await pool.use(added);
    if (fields.unit === 'usd') await this.askAccountKey(added, false);
    this.log.info(`Added account ${fields.name}`);
    void vscode.window.showInformationMessage(`Baton: added ${fields.name}.${fields.unit === 'usd' ? ' Router requests to this provider are charged to it.' : ''}`);
  }

  private async chooseAccount(title: string) {
    const pool = this.services().accounts;
    const standings = await pool.standings();
    if (standings.length === 0) throw new UserFacingError('There are no accounts yet: add one with Baton: Add Account.');
    return pickAccount(standings, (await pool.current())?.account.id ?? null, title, 'Pick an account');
  }

  private async edit(): Promise<void> {
    const account = await this.chooseAccount('Baton: Edit Account');
    if (!account) return;
    const pool = this.services().accounts;
    const enable = account.status.kind === 'disabled';
    const action = await vscode.window.showQuickPick(
      [
        { label: '$(edit) Edit fields', id: 'edit' },
        { label: enable ? '$(pass) Enable' : '$(circle-slash) Disable', detail: enable ? 'Use it again' : 'Never pick or charge it until enabled', id: 'toggle' },
        { label: '$(key) Set API Key', detail: "This account's own key, used instead of the provider's while requests are charged to it", id: 'key' },
      ],
      { title: `Baton: Edit ${account.name}` },
    );
    if (!action) return;
    if (action.id === 'toggle') return pool.setEnabled(account, enable);
    if (action.id === 'key') return this.askAccountKey(account, true);
    const fields = await askAccountFields(`Baton: Edit ${account.name}`, account);
    if (fields) await pool.update(account, fields);
  }

  private async remove(): Promise<void> {
    const account = await this.chooseAccount('Baton: Remove Account');
    if (!account) return;
    const confirm = await vscode.window.showWarningMessage(`Remove the account ${account.name}?`, { modal: true, detail: 'What it logged stays in the history and the costs.' }, 'Remove');
    if (confirm !== 'Remove') return;
    await this.services().accounts.remove(account);
    await this.keys.setAccountKey(account.id, '');
    this.log.info(`Removed account ${account.name}`);
  }

  /** The account's own key, in SecretStorage; empty keeps (or goes back to) the provider's key. */
  private async askAccountKey(account: Account, editing: boolean): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: `Baton: API key for ${account.name}`,
      prompt: editing
        ? 'Paste the key for this account, or leave empty and press Enter to use the provider\'s own key.'
        : `Optional: the API key of this ${account.platform} account, kept in VS Code's secret storage. Leave empty to use the provider's key (Baton: Set API Key).`,
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await this.keys.setAccountKey(account.id, key);
    this.services().routerIfBuilt()?.connections.invalidate();
  }

  private async importFile(): Promise<void> {
    const [uri] = (await vscode.window.showOpenDialog({ title: 'Baton: Import Accounts', filters: { Accounts: ['csv', 'json'] }, canSelectMany: false })) ?? [];
    if (!uri) return;
    const format = formatOf(uri.fsPath);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const existing = new Map((await this.services().accounts.list()).map((account) => [account.name.toLowerCase(), account]));
    const parsed = parseAccountsFile(text, format, lazyZoneClock, existing);
    if (!parsed.ok) {
      const report = parsed.errors.map((e) => `${uri.fsPath}:${e.line}: ${e.field ?? 'file'}: ${e.message}`).join('\n');
      this.log.warn(`Import of ${uri.fsPath} refused:\n${report}`);
      const pick = await vscode.window.showErrorMessage(`Baton: nothing was imported: ${parsed.errors.length} error(s), e.g. line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.message}`, 'Show All');
      if (pick) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: report, language: 'log' }));
      return;
    }
    const counts = await this.services().accounts.save(parsed.accounts);
    void vscode.window.showInformationMessage(`Baton: imported ${counts.created} new and updated ${counts.updated} existing account(s).`);
  }

  private async exportFile(): Promise<void> {
    const accounts = await this.services().accounts.list();
    if (accounts.length === 0) throw new UserFacingError('There are no accounts to export yet.');
    const uri = await vscode.window.showSaveDialog({ title: 'Baton: Export Accounts', filters: { CSV: ['csv'], JSON: ['json'] }, saveLabel: 'Export' });
    if (!uri) return;
    const text = formatOf(uri.fsPath) === 'csv' ? formatAccountsCsv(accounts) : formatAccountsJson(accounts);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Baton: exported ${accounts.length} account(s) to ${uri.fsPath} (no keys: they stay in SecretStorage).`);
  }
}

function formatOf(path: string): AccountsFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new UserFacingError(`"${path}" is neither .csv nor .json: name the file accordingly.`);
}
