// Exporting the account pool as CSV or JSON, in the shape accountImport.ts reads back. Exports
// hold the fields a user entered and nothing else: no id, no status, never a key.
import { csvCell } from '../csv';
import { redactText } from '../redaction/redaction';
import type { AccountFields } from './account';
import { ACCOUNT_FIELD_NAMES, type AccountFieldName } from './accountFields';

/** The exported shape: the fields, flat, in column order; text through the redaction choke point. */
function exportRow(account: AccountFields): Record<AccountFieldName, string | number | readonly string[]> {
  const text = redactText;
  return {
    name: text(account.name), platform: text(account.platform), label: text(account.label), unit: account.unit, limit: account.limit,
    window: account.window.kind, resetTime: account.window.resetTime, timeZone: account.window.timeZone,
    tags: account.tags.map(text), priority: account.priority, notes: text(account.notes),
  };
}

/** CSV with a header row and CRLF line ends (RFC 4180), as spreadsheets expect; parseAccountsFile reads it back. */
export function formatAccountsCsv(accounts: readonly AccountFields[]): string {
  const rows = accounts.map((account) => ACCOUNT_FIELD_NAMES.map((field) => csvCell(exportRow(account)[field])).join(','));
  return [ACCOUNT_FIELD_NAMES.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

/** `{ "accounts": [...] }`, two-space indented; parseAccountsFile reads it back. */
export function formatAccountsJson(accounts: readonly AccountFields[]): string {
  return `${JSON.stringify({ accounts: accounts.map(exportRow) }, null, 2)}\n`;
}
