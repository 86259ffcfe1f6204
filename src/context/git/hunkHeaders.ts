// Parses the `-U0` patch of the uncommitted diff in one linear pass: per file, the hunk
// headers (the enclosing function or class git names after `@@ ... @@`), and every added line
// with its line number in the new file, handed to a callback (the TODO scanner).
import { headerPath, readQuoted } from './quotedPath';

export const MAX_HUNK_HEADERS_PER_FILE = 50;

export type AddedLineVisitor = (path: string, line: number, text: string) => void;

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Hunk headers per new path (old path for deleted files), unique, in order of appearance. */
export function parsePatch(patch: string, onAddedLine: AddedLineVisitor): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let path: string | null = null;
  let fromPath: string | null = null;
  let fileHeaders: Set<string> | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;

  const lines = patch.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (oldLeft > 0 || newLeft > 0) {
      const kind = line.charAt(0);
      if (kind === '+') {
        if (path !== null) onAddedLine(path, newLine, line.slice(1));
        newLine++;
        newLeft--;
      } else if (kind === '-') {
        oldLeft--;
      } else if (kind === ' ' || line === '') {
        // Context (only with diff.interHunkContext or an empty line under diff.suppressBlankEmpty).
        newLine++;
        oldLeft--;
        newLeft--;
      }
      // '\ No newline at end of file' changes nothing.
      continue;
    }
    if (line.startsWith('diff --git ')) {
      path = diffGitPath(line.slice(11));
      fromPath = null;
      fileHeaders = null;
    } else if (line.startsWith('--- ')) {
      fromPath = headerPath(line.slice(4), 'a/');
    } else if (line.startsWith('+++ ')) {
      const to = line.slice(4);
      path = to === '/dev/null' ? (fromPath ?? path) : (headerPath(to, 'b/') ?? path);
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      const raw = line.slice(line.indexOf(' to ') + 4);
      path = (raw.startsWith('"') ? readQuoted(raw, 0)?.value : raw) ?? path;
    } else if (line.startsWith('@@ ')) {
      const match = HUNK.exec(line);
      if (!match) continue;
      oldLeft = match[1] === undefined ? 1 : Number(match[1]);
      newLeft = match[3] === undefined ? 1 : Number(match[3]);
      newLine = Number(match[2]);
      // A pure deletion hunk `+N,0` names the line before; added lines start at N (or N+1).
      if (newLeft > 0 && newLine === 0) newLine = 1;
      const header = (match[4] ?? '').trim();
      if (header && path !== null) {
        if (!fileHeaders) {
          fileHeaders = new Set();
          headers.set(path, []);
        }
        if (!fileHeaders.has(header) && fileHeaders.size < MAX_HUNK_HEADERS_PER_FILE) {
          fileHeaders.add(header);
          headers.get(path)?.push(header);
        }
      }
    }
  }
  return headers;
}

/** The path of `diff --git a/X b/Y`, used only until `---`/`+++`/`rename to` lines say better. */
function diffGitPath(rest: string): string | null {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first) return null;
    return headerPath(rest.slice(first.end + 1), 'b/');
  }
  if (rest.endsWith('"')) {
    const start = rest.lastIndexOf(' "');
    return start === -1 ? null : headerPath(rest.slice(start + 1), 'b/');
  }
  // Unquoted `a/P b/P`: both halves hold the same path (renames have `rename to` lines).
  const length = (rest.length - 5) / 2;
  if (!Number.isInteger(length) || length < 1) return null;
  const candidate = rest.slice(2, 2 + length);
  return rest.slice(length + 3) === `b/${candidate}` ? candidate : null;
}
