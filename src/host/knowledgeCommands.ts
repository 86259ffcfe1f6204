// The knowledge base from the palette (category "Baton") and the sidebar: add an entry from the
// editor's selection, search as you type, open an entry as a Markdown preview of a read-only
// `baton-knowledge:` document, edit and delete, all through the knowledge service.
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import { KNOWLEDGE_KINDS, type KnowledgeDraft, type KnowledgeEntry, type KnowledgeKind } from '../core/knowledge/knowledgeEntry';
import {
  KNOWLEDGE_KIND_DESCRIPTIONS,
  MAX_TAGS,
  MAX_TAG_LENGTH,
  MAX_TITLE_LENGTH,
  fencedCode,
  firstLineOf,
  kindLabel,
  knowledgeMarkdown,
  normalizeTags,
  splitList,
} from '../core/knowledge/knowledgeText';
import type { KnowledgeService } from '../core/knowledge/knowledgeService';
import type { WorkspaceRef } from '../core/sessions/session';
import { registerGuarded } from './guardedCommand';
import type { Log } from './log';

/** The slice of the services these commands use; throws a message while there is none. */
export type KnowledgeAccess = () => { readonly knowledge: KnowledgeService; readonly workspace: WorkspaceRef };

export const KNOWLEDGE_SCHEME = 'baton-knowledge';
const SEARCH_DEBOUNCE_MS = 150;
const SEARCH_LIMIT = 50;
const PICK_LIMIT = 500;

const KIND_ICONS: Readonly<Record<KnowledgeKind, string>> = {
  pattern: 'symbol-structure',
  solution: 'check',
  decision: 'law',
  gotcha: 'warning',
  note: 'note',
};

type EntryItem = vscode.QuickPickItem & { readonly entry: KnowledgeEntry | null };

const OPEN_FILES: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open the files it is about' };
const EDIT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit' };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

function entryItem(entry: KnowledgeEntry, buttons: boolean): EntryItem {
  const tags = entry.tags.map((tag) => `#${tag}`).join(' ');
  return {
    entry,
    label: `$(${KIND_ICONS[entry.kind]}) ${entry.title}`,
    description: [tags, entry.workspaceId === null ? 'global' : ''].filter(Boolean).join(' · '),
    detail: firstLineOf(entry.body) || entry.paths.join(', ') || kindLabel(entry.kind),
    // The store already searched and ranked: keep every result, whatever the label says.
    alwaysShow: true,
    buttons: buttons ? [...(entry.paths.length ? [OPEN_FILES] : []), EDIT, DELETE] : [],
  };
}

/** `baton-knowledge:/<id>/<title>.md`: the title names the tab, the id finds the entry. */
export function knowledgeUri(entry: Pick<KnowledgeEntry, 'id' | 'title'>): vscode.Uri {
  const name = entry.title.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'knowledge';
  return vscode.Uri.from({ scheme: KNOWLEDGE_SCHEME, path: `/${encodeURIComponent(entry.id)}/${name}.md` });
}

const idOfUri = (uri: vscode.Uri) => decodeURIComponent(uri.path.split('/')[1] ?? '');

function workspaceFileUri(path: string): vscode.Uri | null {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return null;
  const target = vscode.Uri.joinPath(folder.uri, path);
  return target.path.startsWith(`${folder.uri.path.replace(/\/$/, '')}/`) ? target : null;
}

/** The active file's workspace-relative path, when it belongs to the workspace. */
function relativePathOf(document: vscode.TextDocument | undefined): string[] {
  if (!document || document.isUntitled || !vscode.workspace.getWorkspaceFolder(document.uri)) return [];
  return [vscode.workspace.asRelativePath(document.uri, false)];
}

function validateTitle(value: string): string | undefined {
  if (value.trim() === '') return 'Type a title, or press Escape to cancel.';
  return value.trim().length > MAX_TITLE_LENGTH ? `Keep the title under ${MAX_TITLE_LENGTH} characters.` : undefined;
}

function validateTags(value: string): string | undefined {
  const tags = normalizeTags(splitList(value));
  if (tags.length > MAX_TAGS) return `Use at most ${MAX_TAGS} tags.`;
  return tags.some((tag) => tag.length > MAX_TAG_LENGTH) ? `Keep each tag under ${MAX_TAG_LENGTH} characters.` : undefined;
}

export class KnowledgeCommands implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly access: KnowledgeAccess,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const guarded = (id: string, run: (...args: unknown[]) => Promise<void>) => registerGuarded(id, run, this.log);
    const idArg = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return vscode.Disposable.from(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(KNOWLEDGE_SCHEME, this),
      guarded('baton.addKnowledge', () => this.add()),
      guarded('baton.searchKnowledge', () => this.search()),
      guarded('baton.editKnowledge', (id) => this.edit(idArg(id))),
      guarded('baton.deleteKnowledge', (id) => this.delete(idArg(id))),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = idOfUri(uri);
    const entry = await this.access().knowledge.get(id).catch(() => null);
    if (!entry) return `# Not found\n\nThe knowledge entry ${id} no longer exists.\n`;
    return knowledgeMarkdown(entry, (path) => workspaceFileUri(path)?.toString() ?? null);
  }

  async add(): Promise<void> {
    const { knowledge, workspace } = this.access();
    const editor = vscode.window.activeTextEditor;
    const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    const title = 'Baton: Add Knowledge';
    const kind = await vscode.window.showQuickPick(
      KNOWLEDGE_KINDS.map((k) => ({ knowledgeKind: k, label: `$(${KIND_ICONS[k]}) ${kindLabel(k)}`, description: KNOWLEDGE_KIND_DESCRIPTIONS[k] })),
      { title, placeHolder: 'What kind of knowledge is it?', ignoreFocusOut: true },
    );
    if (!kind) return;
    const firstLine = selection.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
    const name = await vscode.window.showInputBox({
      title,
      prompt: 'Title: what the next reader should know at a glance',
      value: firstLine.slice(0, MAX_TITLE_LENGTH),
      placeHolder: 'e.g. Totals are summed in integer cents',
      ignoreFocusOut: true,
      validateInput: validateTitle,
    });
    if (name === undefined) return;
    let body = selection.trim() && editor ? fencedCode(selection, editor.document.languageId) : '';
    if (!body) {
      const typed = await vscode.window.showInputBox({ title, prompt: 'Body, in Markdown (optional: press Enter to skip)', placeHolder: 'Why, where, and what to do', ignoreFocusOut: true });
      if (typed === undefined) return;
      body = typed;
    }
    const tags = await vscode.window.showInputBox({ title, prompt: 'Tags, separated by commas (optional)', placeHolder: 'e.g. money, rounding', ignoreFocusOut: true, validateInput: validateTags });
    if (tags === undefined) return;
    const scope = await vscode.window.showQuickPick(
      [
        { scope: 'workspace' as const, label: '$(folder) This workspace', description: workspace.name },
        { scope: 'global' as const, label: '$(globe) All workspaces (global)', description: 'Shown and searched in every workspace' },
      ],
      { title, placeHolder: 'Where does it apply?', ignoreFocusOut: true },
    );
    if (!scope) return;
    const draft: KnowledgeDraft = { kind: kind.knowledgeKind, title: name, body, tags: splitList(tags), paths: relativePathOf(editor?.document), scope: scope.scope };
    const entry = await knowledge.add(workspace.id, draft);
    this.log.info(`Added knowledge ${entry.id} (${entry.kind}, ${scope.scope})`);
    const pick = await vscode.window.showInformationMessage(`Baton: added ${entry.kind} "${entry.title}".`, 'Open');
    if (pick === 'Open') await this.open(entry);
  }

  async search(): Promise<void> {
    const { knowledge, workspace } = this.access();
    const picker = vscode.window.createQuickPick<EntryItem>();
    picker.title = 'Baton: Search Knowledge';
    picker.placeholder = 'Type words to search titles, bodies, tags and paths (this workspace and global)';
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    let generation = 0;
    let timer: NodeJS.Timeout | undefined;
    const show = (entries: readonly KnowledgeEntry[], query: string) => {
      picker.items = entries.length
        ? entries.map((entry) => entryItem(entry, true))
        : [{ entry: null, label: query ? '$(search-stop) No knowledge matches' : '$(info) No knowledge yet', detail: 'Add some with "Baton: Add Knowledge".', alwaysShow: true }];
    };
    const refresh = async (query: string) => {
      const mine = ++generation;
      picker.busy = true;
      try {
        const entries = query.trim() ? (await knowledge.search(workspace.id, query, SEARCH_LIMIT)).map((hit) => hit.entry) : await knowledge.list(workspace.id, SEARCH_LIMIT);
        if (mine === generation) show(entries, query.trim());
      } catch (error) {
        this.log.error('Knowledge search failed', error);
      } finally {
        if (mine === generation) picker.busy = false;
      }
    };
    const done = new Promise<void>((resolve) => {
      picker.onDidChangeValue((value) => {
        clearTimeout(timer);
        timer = setTimeout(() => void refresh(value), SEARCH_DEBOUNCE_MS);
      });
      picker.onDidAccept(() => {
        const entry = picker.selectedItems[0]?.entry;
        if (!entry) return;
        picker.hide();
        void this.open(entry).catch((error: unknown) => this.log.error('Could not open the knowledge entry', error));
      });
      picker.onDidTriggerItemButton(({ button, item }) => {
        if (!item.entry) return;
        picker.hide();
        const run = button === OPEN_FILES ? this.openFiles(item.entry) : button === EDIT ? this.edit(item.entry.id) : this.delete(item.entry.id);
        void run.catch((error: unknown) => this.log.error('Knowledge action failed', error));
      });
      picker.onDidHide(() => {
        clearTimeout(timer);
        generation += 1;
        picker.dispose();
        resolve();
      });
    });
    picker.show();
    await refresh('');
    await done;
  }

  async edit(id?: string): Promise<void> {
    const { knowledge, workspace } = this.access();
    const entry = await this.entryFor(id, 'Edit');
    if (!entry) return;
    const title = `Baton: Edit Knowledge`;
    const name = await vscode.window.showInputBox({ title, prompt: 'Title', value: entry.title, ignoreFocusOut: true, validateInput: validateTitle });
    if (name === undefined) return;
    const multiline = entry.body.includes('\n');
    const typed = await vscode.window.showInputBox({
      title,
      prompt: multiline
        ? `Body: type a new body to replace the current one (${entry.body.split('\n').length} lines), or leave empty to keep it`
        : 'Body, in Markdown',
      value: multiline ? '' : entry.body,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return;
    const tags = await vscode.window.showInputBox({ title, prompt: 'Tags, separated by commas', value: entry.tags.join(', '), ignoreFocusOut: true, validateInput: validateTags });
    if (tags === undefined) return;
    const body = multiline && typed.trim() === '' ? entry.body : typed;
    const updated = await knowledge.update(workspace.id, entry.id, { title: name, body, tags: splitList(tags) });
    this.log.info(`Edited knowledge ${entry.id}`);
    this.afterChange(entry.id);
    void vscode.window.showInformationMessage(`Baton: saved "${updated.title}".`);
  }

  async delete(id?: string): Promise<void> {
    const { knowledge, workspace } = this.access();
    const entry = await this.entryFor(id, 'Delete');
    if (!entry) return;
    const detail = entry.workspaceId === null ? 'It is a global entry: it disappears from every workspace. This cannot be undone.' : 'This cannot be undone.';
    const confirm = await vscode.window.showWarningMessage(`Delete the ${entry.kind} "${entry.title}"?`, { modal: true, detail }, 'Delete');
    if (confirm !== 'Delete') return;
    await knowledge.delete(workspace.id, entry.id);
    this.log.info(`Deleted knowledge ${entry.id}`);
    this.afterChange(entry.id);
  }

  private async open(entry: KnowledgeEntry): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreview', knowledgeUri(entry));
  }

  private async openFiles(entry: KnowledgeEntry): Promise<void> {
    const uris = entry.paths.map(workspaceFileUri).filter((uri): uri is vscode.Uri => uri !== null);
    if (uris.length === 0) throw new UserFacingError('The files of this entry are not in the open workspace.');
    const picked = uris.length === 1 ? uris : (await vscode.window.showQuickPick(
      uris.map((uri, i) => ({ uri, label: entry.paths[i] ?? uri.path, picked: true })),
      { title: `Baton: files of "${entry.title}"`, canPickMany: true },
    ))?.map((item) => item.uri);
    for (const uri of picked ?? []) {
      try {
        await vscode.window.showTextDocument(uri, { preview: false });
      } catch (error) {
        this.log.warn(`Could not open ${uri.toString()}: ${String(error)}`);
        void vscode.window.showWarningMessage(`Baton: ${vscode.workspace.asRelativePath(uri)} could not be opened (moved or deleted?).`);
      }
    }
  }

  /** The entry with this id (if this workspace sees it), or the one the user picks. */
  private async entryFor(id: string | undefined, verb: string): Promise<KnowledgeEntry | null> {
    const { knowledge, workspace } = this.access();
    if (id !== undefined) return knowledge.require(workspace.id, id);
    const entries = await knowledge.list(workspace.id, PICK_LIMIT);
    if (entries.length === 0) {
      const pick = await vscode.window.showInformationMessage('Baton: there is no knowledge in this workspace yet.', 'Add Knowledge');
      if (pick) await this.add();
      return null;
    }
    const picked = await vscode.window.showQuickPick(entries.map((entry) => entryItem(entry, false)), {
      title: `Baton: ${verb} Knowledge`,
      placeHolder: `Which entry? (type to filter)`,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.entry ?? null;
  }

  private afterChange(id: string): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === KNOWLEDGE_SCHEME && idOfUri(document.uri) === id) this.changed.fire(document.uri);
    }
  }
}
