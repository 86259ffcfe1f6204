// The steps of Add Account and Edit Account: a few inputs with defaults, checked field by
// field as the user types and as a whole at the end (core's validateAccountFields), so what is
// saved is exactly what the CLI and an import would accept.
import * as vscode from 'vscode';
import { lazyZoneClock } from '../../app/zoneClockLoader';
import { type Account, type AccountFields, CREDIT_UNITS, type CreditUnit, WINDOW_KINDS, type WindowKind } from '../../core/accounts/account';
import { validateAccountFields } from '../../core/accounts/accountFields';
import { UserFacingError } from '../../core/errors';

const UNIT_DETAILS: Readonly<Record<CreditUnit, string>> = {
  credits: 'Platform credits you log by hand (GenSpark, Claude.ai, ChatGPT)',
  usd: 'A dollar budget; API keys are charged from the router automatically',
  percent: 'A window an agent reports as a percentage (Codex 5-hour and weekly limits)',
};
const WINDOW_DETAILS: Readonly<Record<WindowKind, string>> = {
  daily: 'Comes back every day at the reset time',
  'rolling-5h': 'What was used in the last five hours counts',
  weekly: 'Comes back on Mondays at the reset time',
  monthly: 'Comes back on the 1st at the reset time',
};

/** One field's problem, as validateAccountFields would say it; undefined when it is fine. */
function problemWith(field: string, value: string, base: Record<string, unknown>): string | undefined {
  const result = validateAccountFields({ ...base, [field]: value }, lazyZoneClock);
  return result.ok ? undefined : result.problems.find((problem) => problem.field === field)?.message;
}

async function ask(title: string, field: string, prompt: string, value: string, base: Record<string, unknown>, placeHolder = ''): Promise<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, placeHolder, ignoreFocusOut: true, validateInput: (text) => problemWith(field, text, base) });
}

async function choose<T extends string>(title: string, values: readonly T[], details: Readonly<Record<T, string>>, current: T): Promise<T | undefined> {
  const picks = values.map((value) => ({ label: value, detail: details[value], picked: value === current }));
  picks.sort((a, b) => Number(b.picked) - Number(a.picked));
  return (await vscode.window.showQuickPick(picks, { title, ignoreFocusOut: true }))?.label as T | undefined;
}

const PLACEHOLDER_ACCOUNT = { name: 'x', platform: 'x', unit: 'credits', limit: 1 };

/** Asks for every field (prefilled from `existing`); undefined when the user cancels. */
export async function askAccountFields(title: string, existing?: Account): Promise<AccountFields | undefined> {
  const zone = existing?.window.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const base: Record<string, unknown> = { ...PLACEHOLDER_ACCOUNT };
  const name = await ask(title, 'name', 'Account name (unique)', existing?.name ?? '', base, 'e.g. GenSpark-02');
  if (name === undefined) return undefined;
  const platform = await ask(title, 'platform', 'Platform: free text, a router provider id (openai) or an agent (claude-code, codex, gemini-cli, cline, roo-code, kilo-code)', existing?.platform ?? '', base, 'e.g. GenSpark');
  if (platform === undefined) return undefined;
  const unit = await choose(`${title}: unit`, CREDIT_UNITS, UNIT_DETAILS, existing?.unit ?? 'credits');
  if (!unit) return undefined;
  const limit = unit === 'percent' ? '100' : await ask(title, 'limit', `Limit per window, in ${unit}`, existing ? String(existing.limit) : '', { ...base, unit }, 'e.g. 100');
  if (limit === undefined) return undefined;
  const kind = await choose(`${title}: window`, WINDOW_KINDS, WINDOW_DETAILS, existing?.window.kind ?? 'daily');
  if (!kind) return undefined;
  const resetTime = kind === 'rolling-5h' ? '00:00' : await ask(title, 'resetTime', 'Reset time, HH:MM (24 h)', existing?.window.resetTime ?? '00:00', base);
  if (resetTime === undefined) return undefined;
  const timeZone = kind === 'rolling-5h' ? 'UTC' : await ask(title, 'timeZone', 'Time zone of the reset (IANA name)', zone, base, 'e.g. Europe/Berlin');
  if (timeZone === undefined) return undefined;
  const tags = await ask(title, 'tags', 'Specializations, comma-separated (optional)', existing?.tags.join(', ') ?? '', base, 'e.g. frontend, long-context');
  if (tags === undefined) return undefined;
  const priority = await ask(title, 'priority', 'Priority (higher is preferred when all else is equal)', String(existing?.priority ?? 0), base);
  if (priority === undefined) return undefined;
  const input = { name, platform, label: existing?.label ?? '', unit, limit: Number(limit), window: kind, resetTime, timeZone, tags, priority: Number(priority), notes: existing?.notes ?? '' };
  const result = validateAccountFields(input, lazyZoneClock);
  if (!result.ok) throw new UserFacingError(result.problems.map((p) => `${p.field}: ${p.message}`).join(' '));
  return result.fields;
}
