// Parses the CLI's arguments. Usage errors carry the text to show.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface CliInvocation {
  readonly command: readonly string[];
  readonly db: string | undefined;
  readonly workspace: string | undefined;
  readonly goal: string | undefined;
  readonly text: string | undefined;
  readonly summary: string | undefined;
  readonly out: string | undefined;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

export function parseCli(argv: readonly string[]): CliInvocation {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        goal: { type: 'string' },
        text: { type: 'string' },
        summary: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return {
      command: positionals,
      db: values.db,
      workspace: values.workspace,
      goal: values.goal,
      text: values.text,
      summary: values.summary,
      out: values.out,
      dryRun: values['dry-run'] ?? false,
      json: values.json ?? false,
      help: values.help ?? false,
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const USAGE = `Usage: baton [--db PATH] <command> [options]

Commands:
  session start --workspace DIR [--goal TEXT]    start a session in a workspace
  session note  --workspace DIR --text TEXT      add a note to the running session
  session end   --workspace DIR [--summary TEXT] end the running session
  session list  --workspace DIR [--json]         list the workspace's sessions, newest first
  export --workspace DIR --out FILE              write the workspace's data to a JSON Lines file
  import FILE [--workspace DIR] [--dry-run]      merge an export (into DIR's workspace if given)

Options:
  --db PATH   the Baton database (default: $BATON_DB, else VS Code's global storage for Baton)
  --json      machine-readable output
  -h, --help  show this help`;
