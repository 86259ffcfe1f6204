// The "Baton" output channel. Messages pass through here only; never log secrets.
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';

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
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => channel.error(error === undefined ? message : `${message}: ${errorMessage(error)}`),
    show: () => channel.show(true),
  };
}
