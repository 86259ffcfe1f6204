// The "Baton" output channel. Messages pass through here only, and every line (an error's
// message too: a provider or git may quote a key or a URL with a password) goes through the
// redaction choke point on its way to the channel.
import * as vscode from 'vscode';
import { logLine } from '../core/redaction/logLine';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(context: vscode.ExtensionContext): Log {
  const channel = vscode.window.createOutputChannel('Baton', { log: true });
  context.subscriptions.push(channel);
  return {
    info: (message) => channel.info(logLine(message)),
    warn: (message) => channel.warn(logLine(message)),
    error: (message, error) => channel.error(logLine(message, error)),
    show: () => channel.show(true),
  };
}
