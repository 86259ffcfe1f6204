// Reads other agents' usage from their logs in the background: a first scan a little after the
// database opens, then every `baton.usage.scanIntervalMinutes`, and on demand with progress.
// Scans never overlap; each one reads only what is new since the last.
import * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import type { SourceScanTotals } from '../../app/usageServices';
import type { Log } from '../log';
import { readUsageScanMinutes } from './creditSettings';

const FIRST_SCAN_DELAY_MS = 20_000;

export class UsageScanScheduler implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SourceScanTotals[]> | null = null;
  private disposed = false;

  constructor(
    private readonly services: () => BatonServices | null,
    private readonly globalStorageDir: string,
    private readonly log: Log,
  ) {}

  /** Called once the database is open. */
  start(): void {
    this.schedule(FIRST_SCAN_DELAY_MS);
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.scan().catch((error: unknown) => this.log.error('Background scan of agent logs failed', error)).finally(() => {
        const minutes = readUsageScanMinutes();
        if (minutes > 0) this.schedule(minutes * 60_000);
      });
    }, delayMs);
  }

  /** One scan (joining a running one); resolves with what each source added. */
  scan(): Promise<SourceScanTotals[]> {
    const services = this.services();
    if (!services) return Promise.resolve([]);
    this.running ??= services.usage().scan({ globalStorageDir: this.globalStorageDir }).then((totals) => {
      const added = totals.reduce((sum, t) => sum + t.added, 0);
      const skipped = totals.reduce((sum, t) => sum + t.skipped, 0);
      if (added > 0 || skipped > 0) this.log.info(`Agent usage: ${totals.map((t) => `${t.source} +${t.added}${t.skipped ? ` (${t.skipped} skipped)` : ''}`).join(', ')}`);
      if (added > 0) services.changes.notify();
      return totals;
    }).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The palette command: the same scan, with progress and a summary. */
  async scanWithProgress(): Promise<void> {
    const totals = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Baton: reading agent usage logs…' }, () => this.scan());
    const found = totals.filter((t) => t.files > 0);
    const summary = found.length === 0
      ? 'no agent logs found (Claude Code, Codex, Gemini CLI, Cline, Roo Code, Kilo Code).'
      : found.map((t) => `${t.source}: ${t.files} file(s), ${t.added} new request(s)${t.skipped ? `, ${t.skipped} unreadable line(s) skipped` : ''}`).join('; ');
    void vscode.window.showInformationMessage(`Baton: ${summary}`);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
