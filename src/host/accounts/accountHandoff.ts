// Rotation in the window: the session ends on the old account (its session-end snapshot is the
// handoff snapshot), a `medium` briefing goes to the clipboard, and a session with the same goal
// starts on the new account. Without a folder open there is no session or briefing: the
// accounts still switch.
import * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import type { Account } from '../../core/accounts/account';
import { type RotationResult, type RotationSteps, rotateAccount } from '../../core/accounts/accountRotation';
import { handoffEfficiency } from '../../core/accounts/handoffEfficiency';
import { redactText } from '../../core/redaction/redaction';
import type { SessionTrackerDriver } from '../sessionTrackerDriver';
import type { Log } from '../log';
import { readCreditSettings } from './creditSettings';

function windowSteps(services: BatonServices, driver: SessionTrackerDriver): RotationSteps {
  const work = services.work;
  return {
    endSession: async (to) => {
      if (!driver.tracker?.running) return null;
      const ended = await driver.mutate((tracker) => tracker.end(`Handed off to ${to.name}`));
      await driver.sessionEnded(ended);
      return { id: ended.id, goal: ended.goal };
    },
    // An ended session already left its snapshot; without one, the handoff takes its own.
    snapshot: async (sessionId) => {
      if (sessionId === null && work) await work.snapshots.take('Account handoff', 'handoff', null);
    },
    briefing: async () => {
      if (!work) return { level: 'none', text: '', tokens: 0 };
      const briefing = await work.briefings.generate('medium', { save: true });
      return { level: briefing.level, text: briefing.markdown, tokens: briefing.tokens };
    },
    startSession: async (goal: string, account: Account) => {
      if (!work) return;
      const session = await driver.mutate((tracker) => tracker.start(goal));
      await services.accountStore.setSessionAccount(session.id, account.id);
    },
  };
}

export async function rotateInWindow(services: BatonServices, driver: SessionTrackerDriver, log: Log, to?: string): Promise<RotationResult> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Baton: handing off to the next account…' },
    () => rotateAccount(services.accounts, windowSteps(services, driver), to),
  );
  if (result.briefing.text) await vscode.env.clipboard.writeText(result.briefing.text);
  log.info(`Rotated from ${result.from?.account.name ?? 'no account'} to ${result.to.name} (${result.reason}); briefing ${result.briefing.tokens} tokens`);
  void vscode.window.showInformationMessage(redactText(rotationMessage(result)));
  return result;
}

function rotationMessage(result: RotationResult): string {
  const copied = result.briefing.text
    ? ` The ${result.briefing.level} briefing (${result.briefing.tokens} tokens) is on the clipboard: paste it into the new chat.`
    : result.briefingError ? ` No briefing could be written (${result.briefingError}): run Baton: Generate Handoff Briefing.` : '';
  const from = result.from;
  const efficiency = from && from.limit > 0 ? ` ${handoffEfficiency({ usedAtHandoff: from.used, limit: from.limit, band: readCreditSettings().targetBand }).recommendation}` : '';
  return `Baton: now on ${result.to.name}.${copied}${efficiency}`;
}
