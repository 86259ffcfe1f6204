// Parses the CLI's arguments. Usage errors carry the text to show.
import { parseArgs } from 'node:util';
import { EmptyDatabasePathError } from '../storage/databaseLocation';
import { dayNumber } from '../core/costs/calendarDays';
import type { BreakdownKey } from '../core/costs/costsService';

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
  readonly label: string | undefined;
  readonly level: string | undefined;
  readonly format: string | undefined;
  readonly save: boolean;
  readonly kind: string | undefined;
  readonly title: string | undefined;
  readonly body: string | undefined;
  readonly tags: string | undefined;
  readonly paths: string | undefined;
  readonly global: boolean;
  readonly limit: string | undefined;
  readonly json: boolean;
  readonly help: boolean;
  readonly config: string | undefined;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly strategy: string | undefined;
  readonly maxTokens: string | undefined;
  readonly stream: boolean;
  readonly yes: boolean;
  readonly since: string | undefined;
  readonly until: string | undefined;
  // Accounts, credits, usage and rotation.
  readonly name: string | undefined;
  readonly platform: string | undefined;
  readonly unit: string | undefined;
  readonly window: string | undefined;
  readonly resetTime: string | undefined;
  readonly tz: string | undefined;
  readonly priority: string | undefined;
  readonly notes: string | undefined;
  readonly enable: boolean;
  readonly disable: boolean;
  readonly task: string | undefined;
  readonly account: string | undefined;
  readonly amount: string | undefined;
  readonly claudeDir: string | undefined;
  readonly codexDir: string | undefined;
  readonly geminiDir: string | undefined;
  readonly to: string | undefined;
  // Costs, forecast and anomalies.
  readonly by: string | undefined;
  readonly source: string | undefined;
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
        label: { type: 'string' },
        level: { type: 'string' },
        format: { type: 'string' },
        save: { type: 'boolean', default: false },
        kind: { type: 'string' },
        title: { type: 'string' },
        body: { type: 'string' },
        tags: { type: 'string' },
        paths: { type: 'string' },
        global: { type: 'boolean', default: false },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        config: { type: 'string' },
        provider: { type: 'string' },
        model: { type: 'string' },
        strategy: { type: 'string' },
        'max-tokens': { type: 'string' },
        stream: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        since: { type: 'string' },
        until: { type: 'string' },
        name: { type: 'string' },
        platform: { type: 'string' },
        unit: { type: 'string' },
        window: { type: 'string' },
        'reset-time': { type: 'string' },
        tz: { type: 'string' },
        priority: { type: 'string' },
        notes: { type: 'string' },
        enable: { type: 'boolean', default: false },
        disable: { type: 'boolean', default: false },
        task: { type: 'string' },
        account: { type: 'string' },
        amount: { type: 'string' },
        'claude-dir': { type: 'string' },
        'codex-dir': { type: 'string' },
        'gemini-dir': { type: 'string' },
        to: { type: 'string' },
        by: { type: 'string' },
        source: { type: 'string' },
      },
    });
    if (values.db !== undefined && values.db.trim() === '') {
      throw new UsageError(new EmptyDatabasePathError('--db').message);
    }
    return {
      command: positionals,
      db: values.db,
      workspace: values.workspace,
      goal: values.goal,
      text: values.text,
      summary: values.summary,
      out: values.out,
      dryRun: values['dry-run'] ?? false,
      label: values.label,
      level: values.level,
      format: values.format,
      save: values.save ?? false,
      kind: values.kind,
      title: values.title,
      body: values.body,
      tags: values.tags,
      paths: values.paths,
      global: values.global ?? false,
      limit: values.limit,
      json: values.json ?? false,
      help: values.help ?? false,
      config: values.config,
      provider: values.provider,
      model: values.model,
      strategy: values.strategy,
      maxTokens: values['max-tokens'],
      stream: values.stream ?? false,
      yes: values.yes ?? false,
      since: values.since,
      until: values.until,
      name: values.name,
      platform: values.platform,
      unit: values.unit,
      window: values.window,
      resetTime: values['reset-time'],
      tz: values.tz,
      priority: values.priority,
      notes: values.notes,
      enable: values.enable ?? false,
      disable: values.disable ?? false,
      task: values.task,
      account: values.account,
      amount: values.amount,
      claudeDir: values['claude-dir'],
      codexDir: values['codex-dir'],
      geminiDir: values['gemini-dir'],
      to: values.to,
      by: values.by,
      source: values.source,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** What `baton costs --by` groups by, in the order the usage lists them. */
export const COST_BREAKDOWNS: readonly BreakdownKey[] = ['day', 'provider', 'model', 'workspace', 'session', 'account', 'source'];

/** --by of `baton costs`: one of COST_BREAKDOWNS, undefined when not given. */
export function parseCostBreakdown(value: string | undefined): BreakdownKey | undefined {
  if (value === undefined) return undefined;
  const found = COST_BREAKDOWNS.find((key) => key === value);
  if (!found) throw new UsageError(`Unknown --by "${value}": use one of ${COST_BREAKDOWNS.join(', ')}.`);
  return found;
}

/** A local calendar day given as YYYY-MM-DD (--since, --until) as a day number; undefined when not given. */
export function parseLocalDay(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return dayNumber(value);
  } catch {
    throw new UsageError(`${option} takes a local day as YYYY-MM-DD, such as 2026-11-30 (found "${value}").`);
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
  snapshot take --workspace DIR [--label TEXT]   record the work state (branch, changes, patch, notes)
  snapshot list --workspace DIR [--json]         list the workspace's snapshots, newest first
  briefing --workspace DIR [--level high|medium|low] [--format md|json] [--save]
                                                 write a handoff briefing within the level's token budget
  knowledge add --workspace DIR --kind KIND --title TEXT --body TEXT [--tags a,b] [--paths p1,p2] [--global]
                                                 keep something learned (KIND: pattern, solution, decision,
                                                 gotcha, note); --global shows it in every workspace
  knowledge search --workspace DIR QUERY [--limit N] [--json]
                                                 full-text search of the workspace's and global knowledge
  knowledge list --workspace DIR [--json]        the workspace's and global knowledge, latest first
  knowledge delete --workspace DIR ID            delete an entry
  ask PROMPT [--provider ID] [--model M] [--strategy S] [--max-tokens N] [--stream] [--yes] [--json]
                                                 send a prompt through the router (redacted first); the
                                                 answer, its cost and the attempts; exit 3 when a budget
                                                 refuses it, 4 when it needs --yes to spend that much
  providers [--json]                             configured providers: key set, breaker, success rate,
                                                 latency and time to first token from the ledger
  costs [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--by KEY] [FILTERS] [--json]
                                                 what requests cost from --since through --until (default:
                                                 the 30 days ending today), by provider, model and day, or
                                                 by KEY: day, provider, model, workspace, session, account
                                                 or source
  forecast [FILTERS] [--json]                    spend projected 7 and 30 days ahead from the last 28 days
                                                 (7 days of spend needed), and the day each budget of
                                                 --config would run out
  anomalies [--since YYYY-MM-DD] [FILTERS] [--json]
                                                 days of spend far above the days before, requests far
                                                 above their model's usual cost, price drift, frequent
                                                 fallbacks, from --since (default: 29 days ago) to today
  accounts add --name N --platform P --unit credits|usd|percent --limit X [--window W]
               [--reset-time HH:MM] [--tz ZONE] [--tags a,b] [--priority=N] [--label L] [--notes T]
                                                 add an account to the pool (W: daily, rolling-5h, weekly,
                                                 monthly; default daily at 00:00 in the system's time zone)
  accounts list [--json]                         every account: used/limit, window, reset, status, current (*)
  accounts edit NAME [the add options; --name renames] [--disable|--enable]
                                                 change an account
  accounts remove NAME                           remove an account (its logged credits stay in the history)
  accounts use NAME                              make NAME the current account
  accounts import FILE [--dry-run]               add or update accounts from FILE (.csv or .json, by name);
                                                 any error: every error listed, nothing imported, exit 1
  accounts export [--format csv|json] [--out FILE]
                                                 the pool's fields (never a key), to stdout or FILE
  accounts best [--tags a,b] [--task TEXT] [--json]
                                                 the account to use next and why; exit 1 when every
                                                 account is exhausted (with the earliest reset)
  credits log --account NAME --amount X [--workspace DIR]
                                                 log credits used (tied to DIR's running session if any)
  credits status [--json]                        used, limit, remaining and next reset of every account
  usage scan [--claude-dir DIR] [--codex-dir DIR] [--gemini-dir DIR] [--json]
                                                 read new usage from the agents' local logs into the ledger
                                                 (default: their standard folders; given folders, such as
                                                 ~/.claude, ~/.codex, ~/.gemini: only those agents)
  rotate --workspace DIR [--to NAME] [--json]    hand off to the next account: end the session, save a
                                                 medium briefing, mark the current account exhausted until
                                                 its reset, start a session on the new account
  mcp --workspace DIR                            serve the workspace's briefing, notes, knowledge and
                                                 session to other agents over MCP (stdio)
  db checkpoint [--json]                         fold the journal into the main file now, so that any
                                                 SQLite reader sees every change (Baton also does this
                                                 itself: see the README's "Data")

Options:
  --db PATH      the Baton database (default: $BATON_DB, else VS Code's global storage for
                 Baton; an empty --db or BATON_DB is an error, never the default)
  --config FILE  the router's providers, routing and budgets as JSON (default: $BATON_CONFIG);
                 keys come from each provider's apiKeyEnv variable
  FILTERS        of costs, forecast and anomalies: --workspace DIR, --provider ID, --model M,
                 --account NAME, --source S (router, claude-code, codex, gemini-cli); their days,
                 --since and --until included, are local days in this machine's time zone
  --json         machine-readable output
  -h, --help     show this help`;
