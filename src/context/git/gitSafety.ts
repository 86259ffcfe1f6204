// What keeps every git call of Baton from running a program that a repository, the user's or
// the system's git config, or the environment names. Tried on real marker scripts
// (test/unit/context/hostile/): what each mechanism needs is written next to its switch.
//
//   hooks             core.hooksPath=/dev/null (reads fire none, but a status or diff that
//                     wrote the index would fire post-index-change; they write nothing, below)
//   fsmonitor         core.fsmonitor=false (status, diff and ls-files run it)
//   clean, smudge and filter.<driver>.clean/smudge/process set empty and .required=false, per
//   process filters   driver found in the config (see repositoryGuard.ts): diff, status (racy
//                     files), diff --no-index and apply run them, and no option turns them off
//   external diff     --no-ext-diff on diff/log/show (covers diff.external, GIT_EXTERNAL_DIFF and
//                     diff.<driver>.command); GIT_EXTERNAL_DIFF is also dropped
//   textconv          --no-textconv on diff/log/show (diff runs it for the patch and counts)
//   submodules        --ignore-submodules=dirty (else status and diff run `git status` inside
//                     each submodule, with the submodule's own filters) and --submodule=short
//                     (diff.submodule=diff runs `git diff` inside it)
//   gpg               --no-show-signature and log.showSignature=false (log runs gpg.program,
//                     gpg.ssh.program, ... on a signed commit)
//   ssh, askpass,     a partial clone fetches a missing object from its promisor remote while a
//   credentials,      diff reads it: core.sshCommand, ext:: URLs, remote.*.uploadpack, askpass
//   protocols         and credential helpers would run. GIT_NO_LAZY_FETCH=1 stops the fetch
//                     (git's security releases since May 2024; 2.39.5 knows it);
//                     GIT_ALLOW_PROTOCOL=':' allows no transport at all whatever protocol.*
//                     says, older git too (protocol.allow=never, GIT_PROTOCOL_FROM_USER=0 too);
//                     askpass and credential helpers are emptied, GIT_SSH*, *ASKPASS dropped
//   pager, editor     --no-pager (git's output is a pipe anyway), GIT_PAGER=cat, GIT_EDITOR=:
//                     and GIT_SEQUENCE_EDITOR=: (nothing Baton runs opens an editor)
//
// Nor does git write to the repository: --no-optional-locks and GIT_OPTIONAL_LOCKS=0 keep status
// from refreshing the index, and diff.autoRefreshIndex=false keeps `git diff` from doing so
// (it ignores the optional-locks setting).
//
// The user's global and system config stay in effect: they hold settings Baton relies on
// (safe.directory, core.excludesFile for the untracked list), and every program they could name
// is switched off above whatever scope names it.
import { resolve } from 'node:path';

/** First on every command line. */
export const SAFE_GIT_FLAGS = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '--no-optional-locks'] as const;

/** Global options and config overrides that leave git no program to run and nothing to write. */
export const NO_PROGRAM_FLAGS = [
  '--no-pager',
  '-c', 'diff.autoRefreshIndex=false',
  '-c', 'core.askPass=',
  '-c', 'credential.helper=',
  '-c', 'protocol.allow=never',
  '-c', 'log.showSignature=false',
  '-c', 'diff.submodule=short',
  '-c', 'status.submoduleSummary=false',
] as const;

/** Options each subcommand gets right after its name, whatever the caller passed. */
const SUBCOMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  diff: ['--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', '--submodule=short'],
  log: ['--no-ext-diff', '--no-textconv', '--no-show-signature'],
  show: ['--no-ext-diff', '--no-textconv', '--no-show-signature'],
  status: ['--ignore-submodules=dirty'],
};

/** Options that take the next argument as their value, before the subcommand. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['-c', '-C', '--config-env', '--git-dir', '--work-tree', '--namespace']);

/** `args` with the subcommand's safety options inserted after the subcommand's name. */
export function withSubcommandSafety(args: readonly string[]): string[] {
  let index = 0;
  while (index < args.length && (args[index] ?? '').startsWith('-')) index += GLOBAL_OPTIONS_WITH_VALUE.has(args[index] ?? '') ? 2 : 1;
  const flags = SUBCOMMAND_FLAGS[args[index] ?? ''];
  if (!flags) return [...args];
  const missing = flags.filter((flag) => !args.includes(flag));
  return [...args.slice(0, index + 1), ...missing, ...args.slice(index + 1)];
}

/** `GIT_*` variables git may keep: where the user's own config lives, discovery limits, tracing. */
const KEPT_GIT_VARIABLES = new Set([
  'GIT_EXEC_PATH', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM',
  'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM',
]);

/** Non-git variables git would read a program from. */
const DROPPED_VARIABLES = new Set(['SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL']);

function keeps(name: string): boolean {
  const upper = name.toUpperCase();
  if (DROPPED_VARIABLES.has(upper)) return false;
  if (!upper.startsWith('GIT_')) return true;
  return KEPT_GIT_VARIABLES.has(upper) || upper.startsWith('GIT_TRACE');
}

/**
 * The environment of every git call: `base` without the variables that point git at another
 * repository (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, ...), name a program (GIT_EXTERNAL_DIFF,
 * GIT_SSH_COMMAND, GIT_ASKPASS, GIT_PROXY_COMMAND, ...) or carry config (GIT_CONFIG_PARAMETERS,
 * GIT_CONFIG_COUNT), then the settings above. Names compare case-insensitively (Windows).
 */
export function gitEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (keeps(name)) env[name] = value;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_ALLOW_PROTOCOL: ':',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_PAGER: 'cat',
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    LC_ALL: 'C',
  };
}

/** GIT_DIR and GIT_WORK_TREE as set in `base`, made absolute (against this process's folder). */
export function repositoryVariables(base: NodeJS.ProcessEnv = process.env): { readonly name: 'GIT_DIR' | 'GIT_WORK_TREE'; readonly path: string }[] {
  const found: { name: 'GIT_DIR' | 'GIT_WORK_TREE'; path: string }[] = [];
  for (const [name, value] of Object.entries(base)) {
    const upper = name.toUpperCase();
    if ((upper === 'GIT_DIR' || upper === 'GIT_WORK_TREE') && value) found.push({ name: upper, path: resolve(value) });
  }
  return found;
}
