// The `baton.credits.*` and `baton.usage.*` settings, read at each use so a change applies at once.
import * as vscode from 'vscode';
import { DEFAULT_TARGET_BAND, type TargetBand, parseTargetBand } from '../../core/accounts/handoffEfficiency';

export interface CreditSettings {
  /** Shares of the limit used (0…1). */
  readonly warnAt: number;
  readonly criticalAt: number;
  readonly rotateAt: number;
  readonly targetBand: TargetBand;
}

function share(config: vscode.WorkspaceConfiguration, key: string, fallback: number): number {
  const value = config.get<number>(key, fallback * 100);
  return typeof value === 'number' && value > 0 && value <= 100 ? value / 100 : fallback;
}

export function readCreditSettings(): CreditSettings {
  const config = vscode.workspace.getConfiguration('baton.credits');
  const band = parseTargetBand(config.get<string>('targetBand', '85-92'));
  return {
    warnAt: share(config, 'warnAt', 0.8),
    criticalAt: share(config, 'criticalAt', 0.95),
    rotateAt: share(config, 'rotateAt', 0.9),
    targetBand: band.ok ? band.band : DEFAULT_TARGET_BAND,
  };
}

/** Minutes between background scans of the agents' logs; 0 turns them off. */
export function readUsageScanMinutes(): number {
  const minutes = vscode.workspace.getConfiguration('baton.usage').get<number>('scanIntervalMinutes', 5);
  return typeof minutes === 'number' && minutes >= 0 ? minutes : 5;
}
