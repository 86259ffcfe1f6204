// Applies a patch with `git apply`, after `git apply --check` says it applies cleanly.
import { spawn } from 'node:child_process';
import { SAFE_GIT_FLAGS } from './gitRunner';

function gitWithInput(args: readonly string[], cwd: string, input: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('git', [...SAFE_GIT_FLAGS, ...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, windowsHide: true });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    child.stdin.end(input);
  });
}

export async function applyPatch(cwd: string, patch: string): Promise<{ ok: true } | { ok: false; detail: string }> {
  const check = await gitWithInput(['apply', '--check', '--whitespace=nowarn', '-'], cwd, patch);
  if (check.code !== 0) return { ok: false, detail: check.stderr.trim().slice(0, 500) };
  const apply = await gitWithInput(['apply', '--whitespace=nowarn', '-'], cwd, patch);
  return apply.code === 0 ? { ok: true } : { ok: false, detail: apply.stderr.trim().slice(0, 500) };
}
