// `Baton: Ask`: a prompt (with the selection, if the user keeps it) goes through the router;
// the answer streams into a new markdown document, cancellable from the progress notification,
// and the cost is shown when it is done.
import * as vscode from 'vscode';
import type { RouterServices } from '../../app/routerServices';
import { describeCost, nanosFromUsd } from '../../core/costs/costMath';
import { formatDuration } from '../../core/format';
import type { RouteResult } from '../../core/routing/routeRequest';
import { registerGuarded } from '../guardedCommand';
import type { Log } from '../log';
import { approveCost } from './costApproval';
import { StreamingDocument } from './streamingDocument';

const MAX_TOKENS = 1024;

interface Question {
  readonly prompt: string;
  readonly selection: { readonly text: string; readonly language: string; readonly file: string } | undefined;
}

export class AskCommand {
  constructor(
    private readonly router: () => RouterServices,
    private readonly context: () => { workspaceId: string | null; sessionId: string | null },
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    return registerGuarded('baton.ask', () => this.ask(), this.log);
  }

  async ask(): Promise<void> {
    const services = this.router();
    const question = await askQuestion();
    if (!question) return;
    const document = new StreamingDocument(`# ${firstLine(question.prompt)}\n\n`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Baton: asking', cancellable: true },
      (progress, token) => this.send(services, question, document, progress, token),
    );
    await document.append(`\n\n---\n*${footer(result)}*\n`);
    const cost = costText(result);
    this.log.info(`Ask answered by ${result.provider}/${result.model}: ${cost}`);
    if (result.status === 'incomplete') void vscode.window.showWarningMessage(`Baton: the answer was cut off (${result.attempts.at(-1)?.error ?? 'stream ended'}). ${cost} for what arrived.`);
    else void vscode.window.showInformationMessage(`Baton: answered by ${result.provider}/${result.model} · ${cost}`);
  }

  private async send(services: RouterServices, question: Question, document: StreamingDocument, progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken): Promise<RouteResult> {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await services.router.route(
        { messages: [{ role: 'user', content: promptText(question) }], maxTokens: MAX_TOKENS, signal: controller.signal, ...this.context() },
        {
          onText: (text) => document.push(text),
          onNotice: (message) => progress.report({ message }),
          approve: (preview) => approveCost(preview),
        },
      );
    } finally {
      subscription.dispose();
      await document.flush();
    }
  }
}

/** The prompt, in an input box with a button that keeps or drops the editor's selection. */
async function askQuestion(): Promise<Question | undefined> {
  const selection = currentSelection();
  const box = vscode.window.createInputBox();
  // Nothing from an untrusted workspace goes to a provider unless the user adds it.
  const trusted = vscode.workspace.isTrusted;
  let include = selection !== undefined && trusted;
  const toggle = (): void => {
    box.title = 'Baton: Ask';
    const left = trusted ? 'Without the selection. The button adds it.' : 'The workspace is not trusted: the selection is left out unless you add it with the button.';
    box.prompt = selection ? (include ? `With the selection (${selection.lines} line(s) of ${selection.file}). The button drops it.` : left) : 'The answer opens in a new markdown document.';
    box.buttons = selection ? [{ iconPath: new vscode.ThemeIcon(include ? 'selection' : 'circle-slash'), tooltip: include ? 'Drop the selection' : 'Include the selection' }] : [];
  };
  box.placeholder = 'What do you want to ask?';
  box.ignoreFocusOut = true;
  toggle();
  return new Promise<Question | undefined>((resolve) => {
    box.onDidTriggerButton(() => {
      include = !include;
      toggle();
    });
    box.onDidAccept(() => {
      if (box.value.trim() === '') {
        box.validationMessage = 'Type a question first.';
        return;
      }
      resolve({ prompt: box.value.trim(), selection: include && selection ? selection : undefined });
      box.hide();
    });
    box.onDidHide(() => {
      resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

function currentSelection(): { text: string; language: string; file: string; lines: number } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection);
  if (text.trim() === '') return undefined;
  return { text, language: editor.document.languageId, file: vscode.workspace.asRelativePath(editor.document.uri), lines: editor.selection.end.line - editor.selection.start.line + 1 };
}

function promptText(question: Question): string {
  if (!question.selection) return question.prompt;
  const { text, language, file } = question.selection;
  return `${question.prompt}\n\nFrom ${file}:\n\`\`\`${language}\n${text}\n\`\`\``;
}

function costText(result: RouteResult): string {
  if (result.cached) return `from the cache, $0 (saved $${result.savedUsd.toFixed(6)})`;
  const cost = describeCost(result.costUsd === null ? null : nanosFromUsd(result.costUsd), result.pricing);
  return `${cost}${result.estimated && result.pricing === 'priced' ? ' (estimated)' : ''}`;
}

function footer(result: RouteResult): string {
  const tokens = `${(result.usage.input + result.usage.cacheRead + result.usage.cacheWrite).toLocaleString('en-US')} in / ${result.usage.output.toLocaleString('en-US')} out`;
  const parts = [`${result.provider}/${result.model}`, tokens, costText(result), formatDuration(result.latencyMs)];
  if (result.fallbackUsed) parts.push('after a fallback');
  if (result.redacted.length) parts.push(`redacted before sending: ${result.redacted.join(', ')}`);
  if (result.status === 'incomplete') parts.push('incomplete: the answer was cut off');
  return parts.join(' · ');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
