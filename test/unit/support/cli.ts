// Runs the built `baton` CLI (dist/cli.js) as a real child process.
import { execFile } from 'node:child_process';
import { repoRoot, requireBuiltCli } from './paths';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const cli = requireBuiltCli();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, BATON_DB: undefined, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: repoRoot, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI and fails with its output when it does not exit 0. */
export async function runCliOk(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const run = await runCli(args, env);
  if (run.code !== 0) throw new Error(`baton ${args.join(' ')} exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.stdout;
}
