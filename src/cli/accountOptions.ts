// An account's fields from the command line (`accounts add`, `accounts edit`): the options that
// were typed, checked by the same validation as the extension's input boxes and imported files,
// each problem named by its option so the user knows what to retype.
import type { Account, AccountFields } from '../core/accounts/account';
import { type AccountFieldName, validateAccountFields } from '../core/accounts/accountFields';
import { luxonZoneClock } from '../app/luxonZoneClock';
import { type CliInvocation, UsageError } from './cliArgs';

/** The option that sets each field. */
const OPTION_OF: Readonly<Record<AccountFieldName, string>> = {
  name: '--name', platform: '--platform', label: '--label', unit: '--unit', limit: '--limit', window: '--window',
  resetTime: '--reset-time', timeZone: '--tz', tags: '--tags', priority: '--priority', notes: '--notes',
};

/** The fields the command line gave, by field name; options not given are left out. */
function typedFields(invocation: CliInvocation): Partial<Record<AccountFieldName, string>> {
  const typed: Partial<Record<AccountFieldName, string | undefined>> = {
    name: invocation.name, platform: invocation.platform, label: invocation.label, unit: invocation.unit, limit: invocation.limit,
    window: invocation.window, resetTime: invocation.resetTime, timeZone: invocation.tz, tags: invocation.tags,
    priority: invocation.priority, notes: invocation.notes,
  };
  return Object.fromEntries(Object.entries(typed).filter(([, value]) => value !== undefined));
}

/** Whether any field option was typed (an edit with none only enables or disables). */
export function hasFieldOptions(invocation: CliInvocation): boolean {
  return Object.keys(typedFields(invocation)).length > 0;
}

/** The zone this machine runs in (Intl), or UTC when it names none Baton knows. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && luxonZoneClock.isValidZone(zone) ? zone : 'UTC';
}

/** An account's stored fields as loose input, for an edit to override. */
function storedInput(account: Account): Record<AccountFieldName, unknown> {
  return {
    name: account.name, platform: account.platform, label: account.label, unit: account.unit, limit: account.limit,
    window: account.window.kind, resetTime: account.window.resetTime, timeZone: account.window.timeZone,
    tags: [...account.tags], priority: account.priority, notes: account.notes,
  };
}

function optionName(field: string): string {
  return field in OPTION_OF ? OPTION_OF[field as AccountFieldName] : field;
}

/**
 * The fields of a new account (base null: window daily at 00:00 in the system's zone), or of
 * `base` changed by the typed options. Every problem is a usage error naming its option.
 */
export function fieldsFromOptions(invocation: CliInvocation, base: Account | null): AccountFields {
  const typed = typedFields(invocation);
  const input: Record<string, unknown> = base ? { ...storedInput(base), ...typed } : typed;
  // A percent account's limit is always 100: switching to percent drops the old limit.
  if (base && typed.unit !== undefined && typed.limit === undefined && typed.unit.trim().toLowerCase() === 'percent') delete input.limit;
  const result = validateAccountFields(input, luxonZoneClock, { timeZone: systemTimeZone() });
  if (result.ok) return result.fields;
  throw new UsageError(result.problems.map((problem) => `${optionName(problem.field)}: ${problem.message}`).join('\n'));
}
