// Applies a patch with `git apply`, after `git apply --check` says it applies cleanly. The
// repository is checked first (git/repositoryGuard.ts): git apply would write into whatever
// work tree core.worktree names, and would run the clean filter on the files it reads and the
// smudge filter on those it writes, so a refused work tree applies nothing and filters are
// switched off. The patch's paths are relative to the top level (patchReader.ts), where it runs.
import { runGitCommand } from './git/gitCommand';
import { openRepository } from './git/repositoryGuard';

const CHECK_TIMEOUT_MS = 10_000;
const APPLY_TIMEOUT_MS = 30_000;
const OUTPUT_BYTES = 64 * 1024;

export async function applyPatch(cwd: string, patch: string, gitPath = 'git'): Promise<{ ok: true } | { ok: false; detail: string }> {
  const opened = await openRepository({ cwd, timeoutMs: CHECK_TIMEOUT_MS, gitPath });
  if (!opened.ok) return { ok: false, detail: opened.reason };
  const options = { cwd: opened.repository.topLevel, timeoutMs: APPLY_TIMEOUT_MS, maxBytes: OUTPUT_BYTES, gitPath, config: opened.repository.config, input: Buffer.from(patch, 'utf8') };
  const check = await runGitCommand(['apply', '--check', '--whitespace=nowarn', '-'], options);
  if (!check.ok) return { ok: false, detail: check.detail };
  const apply = await runGitCommand(['apply', '--whitespace=nowarn', '-'], options);
  return apply.ok ? { ok: true } : { ok: false, detail: apply.detail };
}
