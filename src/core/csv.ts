// CSV cells as RFC 4180 writes them, for every export Baton makes (accounts, the ledger).

/** One cell: quoted when it holds a quote, a comma or a line break; lists joined with ", ". */
export function csvCell(value: string | number | readonly string[]): string {
  const cell = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : value.join(', ');
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A header and rows, CRLF line ends, as spreadsheets expect. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
