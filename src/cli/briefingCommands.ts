// `baton snapshot take|list` and `baton briefing`: the extension's services without an
// editor, so editor facts are reported as unavailable.
import type { BatonServices } from '../app/batonServices';
import { BRIEFING_LEVELS, type BriefingLevel } from '../core/briefing/briefingTypes';
import { omittedFiles, withheldFiles } from '../core/snapshots/snapshot';
import { snapshotGaps } from '../core/snapshots/snapshotNotes';
import { type CliInvocation, UsageError } from './cliArgs';
import { type CliOutput, requireWork } from './sessionCommands';

export const DEFAULT_MAX_PATCH_KB = 512;

export async function runSnapshot(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const { snapshots, snapshotHistory, workspace } = requireWork(services);
  const sub = invocation.command[1];
  if (sub === 'take') {
    const snapshot = await snapshots.take(invocation.label ?? '', 'manual');
    const files = snapshot.changedFiles.length;
    const withheld = withheldFiles(snapshot);
    if (invocation.json) {
      output.out(JSON.stringify({
        id: snapshot.id, changedFiles: files, patchBytes: snapshot.patchBytes, patchTruncated: snapshot.patchTruncated,
        withheldFiles: withheld, omittedFiles: omittedFiles(snapshot), unavailable: snapshot.unavailable,
      }));
      return;
    }
    output.out(`Snapshot ${snapshot.id} taken: ${files} changed file(s), ${snapshot.patchBytes} bytes of patch${snapshot.patchTruncated ? ' (cut at the size limit)' : ''}.`);
    for (const line of snapshotGaps(snapshot, snapshot.unavailable)) output.out(line);
    return;
  }
  if (sub !== 'list') throw new UsageError(`Unknown command "snapshot ${sub ?? ''}". Try: take, list.`);
  const list = await snapshotHistory.list(workspace.id, 1000);
  if (invocation.json) {
    output.out(JSON.stringify({ snapshots: list.map((s) => ({ ...s, takenAt: new Date(s.takenAt).toISOString() })) }));
    return;
  }
  if (list.length === 0) output.out('No snapshots yet in this workspace.');
  for (const s of list) output.out(`${new Date(s.takenAt).toISOString()}  ${s.id}  ${s.branch ?? '(detached)'}  ${s.changedFiles.length} files  ${s.label || `(${s.reason})`}`);
}

function parseLevel(value: string | undefined): BriefingLevel {
  const level = BRIEFING_LEVELS.find((known) => known === (value ?? 'medium'));
  if (!level) throw new UsageError(`--level ${value}: use one of ${BRIEFING_LEVELS.join(', ')}.`);
  return level;
}

export async function runBriefing(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const { snapshots, briefings } = requireWork(services);
  const level = parseLevel(invocation.level);
  const format = invocation.format ?? (invocation.json ? 'json' : 'md');
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format ${format}: use md or json.`);
  if (invocation.save) await snapshots.take('Before handoff', 'handoff');
  const briefing = await briefings.generate(level, { save: invocation.save });
  if (format === 'md') {
    output.out(briefing.markdown.trimEnd());
    return;
  }
  const { markdown, tokens, sections, unavailable } = briefing;
  output.out(JSON.stringify({ level, tokens, budget: briefing.budget, markdown, sections, unavailable, redactions: briefing.redactions ?? {} }));
}
