// Typed access to the `baton.*` settings.
import * as vscode from 'vscode';
import { type BriefingBudgets, DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../core/briefing/briefingTypes';
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

export function readBriefingSettings(): { budgets: BriefingBudgets; header: string } {
  const config = section();
  const budget = (level: keyof BriefingBudgets) => clamp(config.get<number>(`briefing.budget.${level}`, DEFAULT_BUDGETS[level]), 50, 100_000, DEFAULT_BUDGETS[level]);
  const header = config.get<string>('briefing.header', DEFAULT_BRIEFING_HEADER);
  return { budgets: { high: budget('high'), medium: budget('medium'), low: budget('low') }, header };
}

export function readMaxPatchKB(): number {
  return clamp(section().get<number>('snapshots.maxPatchKB', 512), 1, 64 * 1024, 512);
}
