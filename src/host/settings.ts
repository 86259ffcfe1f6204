// Typed access to the `baton.*` settings.
import * as vscode from 'vscode';
import type { SessionSettings } from '../core/sessions/session';

const MINUTE = 60_000;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('baton');
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export function readSessionSettings(): SessionSettings {
  const config = section();
  return {
    idleMs: clamp(config.get<number>('sessions.idleMinutes', 5), 1, 240, 5) * MINUTE,
    autoEndMs: clamp(config.get<number>('sessions.autoEndMinutes', 30), 0, 24 * 60, 30) * MINUTE,
    autoStart: config.get<boolean>('sessions.autoStart', false),
  };
}

/** The configured database path, or undefined for the default in global storage. */
export function readDatabasePath(): string | undefined {
  const value = section().get<string>('databasePath', '').trim();
  return value === '' ? undefined : value;
}
