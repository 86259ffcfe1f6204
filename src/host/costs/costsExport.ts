// Export CSV from the costs panel: the requests of the panel's period and filters, through the
// redaction choke point, to a file the user picks. The ledger holds no prompts or answers, so
// none can leave this way.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import type { CostsService } from '../../app/costsServices';
import { dayString as dayText } from '../../core/costs/calendarDays';
import { ledgerCsv } from '../../core/costs/ledgerCsv';
import { redactionBreakdown, totalRedactions } from '../../core/redaction/redaction';
import type { CostsQuery } from '../../shared/protocol/costs';
import type { Log } from '../log';

export class CostsExport {
  constructor(
    private readonly costs: () => CostsService,
    private readonly log: Log,
  ) {}

  async exportCsv(query: CostsQuery): Promise<void> {
    const costs = this.costs();
    const range = costs.range(query);
    const name = `baton-costs-${dayText(range.from)}-to-${dayText(range.to)}.csv`;
    const target = await vscode.window.showSaveDialog({
      title: 'Export the filtered requests as CSV', saveLabel: 'Export', filters: { CSV: ['csv'] },
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), name),
    });
    if (!target) return;
    const csv = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Baton: exporting requests…' }, async () => {
      const [entries, labels] = await Promise.all([costs.entries(query), costs.labels()]);
      const built = ledgerCsv(entries, labels);
      await vscode.workspace.fs.writeFile(target, Buffer.from(built.text, 'utf8'));
      return built;
    });
    const redacted = totalRedactions(csv.redactions) > 0 ? ` Redacted: ${redactionBreakdown(csv.redactions)}.` : '';
    this.log.info(`Exported ${csv.rows} requests to ${target.fsPath}.${redacted}`);
    const pick = await vscode.window.showInformationMessage(`Baton: exported ${csv.rows} request${csv.rows === 1 ? '' : 's'} to ${target.fsPath}.${redacted}`, 'Open');
    if (pick === 'Open') await vscode.window.showTextDocument(target);
  }
}
