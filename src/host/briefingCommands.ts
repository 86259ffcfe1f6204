// Handoff briefings and snapshots from the palette: generate a briefing (copied, opened and
// kept), take a snapshot, compare one with now, and restore one.
import * as vscode from 'vscode';
import type { WorkspaceServices } from '../app/batonServices';
import type { BriefingLevel } from '../core/briefing/briefingTypes';
import { describeRedactions, redactText } from '../core/redaction/redaction';
import { type SnapshotSummary, omittedFiles, withheldFiles } from '../core/snapshots/snapshot';
import { snapshotGaps } from '../core/snapshots/snapshotNotes';
import { registerGuarded } from './guardedCommand';
import type { Log } from './log';
import { readBriefingSettings } from './settings';
import { SNAPSHOT_SCHEME, SnapshotDocuments, currentPatchUri, snapshotPatchUri } from './snapshotDocuments';
import { applySnapshotPatch, reopenEditors } from './snapshotRestore';

type LevelPick = vscode.QuickPickItem & { level: BriefingLevel };

function levelPicks(): LevelPick[] {
  const { budgets } = readBriefingSettings();
  return [
    { level: 'high', label: '$(zap) High', description: `≤ ${budgets.high} tokens`, detail: 'Only what must not be lost: goal, branch, changed files, latest note, blocking errors.' },
    { level: 'medium', label: '$(list-unordered) Medium', description: `≤ ${budgets.medium} tokens`, detail: 'Adds session commits, decisions and gotchas, TODOs the changes add, open editors and all notes.' },
    { level: 'low', label: '$(book) Low', description: `≤ ${budgets.low} tokens`, detail: 'Adds changed symbols, earlier history, the last snapshot and other knowledge.' },
  ];
}

export class BriefingCommands {
  constructor(
    private readonly work: () => WorkspaceServices,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const documents = new SnapshotDocuments(this.work);
    const guarded = (id: string, run: (...args: unknown[]) => Promise<void>) => registerGuarded(id, run, this.log);
    const idArg = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const levelArg = (value: unknown) => (value === 'high' || value === 'medium' || value === 'low' ? value : undefined);
    return vscode.Disposable.from(
      vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, documents),
      guarded('baton.generateBriefing', (level) => this.generateBriefing(levelArg(level))),
      guarded('baton.takeSnapshot', () => this.takeSnapshot()),
      guarded('baton.compareSnapshot', (id) => this.compareSnapshot(idArg(id))),
      guarded('baton.restoreSnapshot', (id) => this.restoreSnapshot(idArg(id))),
      guarded('baton.copyLastBriefing', () => this.copyLastBriefing()),
      guarded('baton.openLastBriefing', () => this.openLastBriefing()),
    );
  }

  async generateBriefing(level?: BriefingLevel): Promise<void> {
    const services = this.work();
    const chosen = level ?? (await vscode.window.showQuickPick(levelPicks(), { title: 'Baton: Generate Handoff Briefing', placeHolder: 'How much detail may the next assistant read?' }))?.level;
    if (!chosen) return;
    const briefing = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Baton: writing the handoff briefing…' },
      async (progress) => {
        progress.report({ message: 'taking a snapshot' });
        await services.snapshots.take('Before handoff', 'handoff');
        progress.report({ message: 'reading git, editor and knowledge' });
        return services.briefings.generate(chosen, { save: true });
      },
    );
    await vscode.env.clipboard.writeText(briefing.markdown);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: briefing.markdown });
    await vscode.window.showTextDocument(document, { preview: false });
    const redacted = describeRedactions(briefing.redactions ?? {});
    this.log.info(`Briefing (${chosen}): ${briefing.tokens} of ${briefing.budget} tokens; unavailable: ${briefing.unavailable.map((u) => u.source).join(', ') || 'none'}${redacted ? `; ${redacted}` : ''}`);
    void vscode.window.showInformationMessage(`Baton: briefing copied to the clipboard (${briefing.tokens} tokens, ${chosen}). Paste it into the new chat.${redacted ? ` ${redacted}.` : ''}`);
  }

  private async lastBriefing() {
    const { briefingHistory, workspace } = this.work();
    const record = await briefingHistory.latest(workspace.id);
    if (!record) void vscode.window.showInformationMessage('Baton: no briefing yet in this workspace. Generate one first.');
    return record;
  }

  async copyLastBriefing(): Promise<void> {
    const record = await this.lastBriefing();
    if (!record) return;
    // Briefings saved before redaction existed pass through it on their way out too.
    await vscode.env.clipboard.writeText(redactText(record.briefing.markdown));
    void vscode.window.showInformationMessage(`Baton: briefing copied to the clipboard (${record.briefing.tokens} tokens).`);
  }

  async openLastBriefing(): Promise<void> {
    const record = await this.lastBriefing();
    if (!record) return;
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: redactText(record.briefing.markdown) });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  async takeSnapshot(): Promise<void> {
    const services = this.work();
    const label = await vscode.window.showInputBox({ title: 'Baton: Take Snapshot', prompt: 'A label for this snapshot (optional)', placeHolder: 'e.g. Before refactoring the cart' });
    if (label === undefined) return;
    const snapshot = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Baton: taking a snapshot…' }, () =>
      services.snapshots.take(label, 'manual'),
    );
    const cut = snapshot.patchTruncated ? ' The patch was cut at baton.snapshots.maxPatchKB.' : '';
    const gaps = snapshotGaps(snapshot, snapshot.unavailable);
    const secrets = gaps.length ? ` ${gaps.join('. ')}.` : '';
    void vscode.window.showInformationMessage(`Baton: snapshot taken: ${snapshot.changedFiles.length} changed file(s) on ${snapshot.branch ?? 'a detached HEAD'}.${cut}${secrets}`);
  }

  private async pickSnapshot(title: string): Promise<SnapshotSummary | undefined> {
    const { snapshotHistory, workspace } = this.work();
    const list = await snapshotHistory.list(workspace.id, 200);
    if (list.length === 0) {
      const pick = await vscode.window.showInformationMessage('Baton: no snapshots yet in this workspace.', 'Take Snapshot');
      if (pick) await this.takeSnapshot();
      return undefined;
    }
    const items = list.map((s) => ({
      snapshot: s,
      label: `$(history) ${s.label || (s.reason === 'manual' ? 'Snapshot' : s.reason === 'handoff' ? 'Before handoff' : 'Session end')}`,
      description: new Date(s.takenAt).toLocaleString(),
      detail: `${s.branch ?? 'detached HEAD'} · ${s.changedFiles.length} changed file(s)${s.patchTruncated ? ' · patch cut at the size limit' : ''}`,
    }));
    return (await vscode.window.showQuickPick(items, { title, matchOnDetail: true }))?.snapshot;
  }

  async compareSnapshot(id?: string): Promise<void> {
    const snapshot = id ? await this.work().snapshotHistory.get(id) : await this.pickSnapshot('Baton: Compare Snapshot with Now');
    if (!snapshot) return;
    const title = `${snapshot.label || 'Snapshot'} (${new Date(snapshot.takenAt).toLocaleString()}) ↔ Now`;
    await vscode.commands.executeCommand('vscode.diff', snapshotPatchUri(snapshot.id, snapshot.label), currentPatchUri(), title);
  }

  async restoreSnapshot(id?: string): Promise<void> {
    const store = this.work().snapshotHistory;
    const summary = id ? await store.get(id) : await this.pickSnapshot('Baton: Restore Snapshot');
    if (!summary) return;
    const snapshot = await store.get(summary.id);
    if (!snapshot) return;
    const missing = await reopenEditors(snapshot.openEditors);
    await vscode.window.showTextDocument(snapshotPatchUri(snapshot.id, snapshot.label), { preview: false });
    const withheld = withheldFiles(snapshot);
    const omitted = omittedFiles(snapshot).map((o) => o.path);
    const note = (missing.length ? ` ${missing.length} editor(s) no longer exist.` : '')
      + (withheld.length ? ` Secret files were not stored and are not restored: ${withheld.join(', ')}.` : '')
      + (omitted.length ? ` Binaries too big for the patch are not restored: ${omitted.join(', ')}.` : '');
    const pick = await vscode.window.showInformationMessage(`Baton: reopened the snapshot's editors and its patch.${note} The working tree was not changed.`, 'Apply Patch…');
    if (pick) await applySnapshotPatch(snapshot, this.log);
  }
}
