// `baton snapshot take|list` and `baton briefing`: the extension's services without an
// editor, so editor facts are reported as unavailable.
import { randomUUID } from 'node:crypto';
import type { EditorContextSource, GitContextSource, KnowledgeSource, PatchSource } from '../core/briefing/briefingPorts';
import { BriefingService } from '../core/briefing/briefingService';
import { BRIEFING_LEVELS, type BriefingLevel, DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../core/briefing/briefingTypes';
import { systemClock } from '../core/clock';
import type { WorkspaceRef } from '../core/sessions/session';
import { SnapshotService } from '../core/snapshots/snapshotService';
import { readGitContext } from '../context/git/gitContextReader';
import { readPatch } from '../context/patchReader';
import { workspaceForPath } from '../context/workspaceIdentity';
import { tokenCounter } from '../providers/tokenCounter';
import type { BatonDatabase } from '../storage/batonDatabase';
import { BriefingStore } from '../storage/briefingStore';
import { SessionStore } from '../storage/sessionStore';
import { SnapshotStore } from '../storage/snapshotStore';
import { type CliInvocation, UsageError } from './cliArgs';
import { knowledgeSourceFor } from '../storage/knowledgeSource';
import { type CliOutput, requireWorkspaceDir } from './sessionCommands';

export const DEFAULT_MAX_PATCH_KB = 512;
const ids = { next: () => randomUUID() };
const noEditor: EditorContextSource = { read: async () => null };

function sources(dir: string): { git: GitContextSource; patch: PatchSource } {
  return {
    git: { read: (sessionStartHead) => readGitContext({ cwd: dir, sessionStartHead }) },
    patch: { read: (maxBytes, hasHead) => readPatch(dir, maxBytes, hasHead) },
  };
}

function snapshotService(database: BatonDatabase, workspace: WorkspaceRef, dir: string): SnapshotService {
  return new SnapshotService({
    workspace,
    clock: systemClock,
    ids,
    snapshots: new SnapshotStore(database),
    sessions: new SessionStore(database),
    editor: noEditor,
    maxPatchKB: () => DEFAULT_MAX_PATCH_KB,
    ...sources(dir),
  });
}

/** The snapshot taken when a session ends from the CLI. */
export async function takeSessionEndSnapshot(database: BatonDatabase, dir: string, sessionId: string): Promise<void> {
  await snapshotService(database, workspaceForPath(dir), dir).take('Session end', 'session-end', sessionId);
}

export async function runSnapshot(invocation: CliInvocation, database: BatonDatabase, output: CliOutput): Promise<void> {
  const dir = requireWorkspaceDir(invocation);
  const workspace = workspaceForPath(dir);
  const sub = invocation.command[1];
  if (sub === 'take') {
    const snapshot = await snapshotService(database, workspace, dir).take(invocation.label ?? '', 'manual');
    const files = snapshot.changedFiles.length;
    output.out(invocation.json ? JSON.stringify({ id: snapshot.id, changedFiles: files, patchBytes: snapshot.patchBytes, patchTruncated: snapshot.patchTruncated })
      : `Snapshot ${snapshot.id} taken: ${files} changed file(s), ${snapshot.patchBytes} bytes of patch${snapshot.patchTruncated ? ' (cut at the size limit)' : ''}.`);
    return;
  }
  if (sub !== 'list') throw new UsageError(`Unknown command "snapshot ${sub ?? ''}". Try: take, list.`);
  const list = await new SnapshotStore(database).list(workspace.id, 1000);
  if (invocation.json) {
    output.out(JSON.stringify({ snapshots: list.map((s) => ({ ...s, takenAt: new Date(s.takenAt).toISOString() })) }));
    return;
  }
  if (list.length === 0) output.out('No snapshots yet in this workspace.');
  for (const s of list) output.out(`${new Date(s.takenAt).toISOString()}  ${s.id}  ${s.branch ?? '(detached)'}  ${s.changedFiles.length} files  ${s.label || `(${s.reason})`}`);
}

function parseLevel(value: string | undefined): BriefingLevel {
  const level = (value ?? 'medium') as BriefingLevel;
  if (!BRIEFING_LEVELS.includes(level)) throw new UsageError(`--level ${value}: use one of ${BRIEFING_LEVELS.join(', ')}.`);
  return level;
}

export async function runBriefing(invocation: CliInvocation, database: BatonDatabase, output: CliOutput): Promise<void> {
  const dir = requireWorkspaceDir(invocation);
  const level = parseLevel(invocation.level);
  const format = invocation.format ?? (invocation.json ? 'json' : 'md');
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format ${format}: use md or json.`);
  const workspace = workspaceForPath(dir);
  const { git } = sources(dir);
  const knowledge: KnowledgeSource = knowledgeSourceFor(database);
  if (invocation.save) await snapshotService(database, workspace, dir).take('Before handoff', 'handoff');
  const service = new BriefingService({
    workspace,
    clock: systemClock,
    ids,
    sessions: new SessionStore(database),
    snapshots: new SnapshotStore(database),
    history: new BriefingStore(database),
    git,
    editor: noEditor,
    knowledge,
    countTokens: tokenCounter,
    settings: () => ({ budgets: DEFAULT_BUDGETS, header: DEFAULT_BRIEFING_HEADER }),
  });
  const briefing = await service.generate(level, { save: invocation.save });
  if (format === 'md') {
    output.out(briefing.markdown.trimEnd());
    return;
  }
  const { markdown, tokens, sections, unavailable } = briefing;
  output.out(JSON.stringify({ level, tokens, budget: briefing.budget, markdown, sections, unavailable }));
}
