// `baton knowledge add|search|list|delete`: the knowledge base from the command line, on the
// same KnowledgeStore as the extension. Every command resolves only after its write is durable.
import type { BatonServices } from '../app/batonServices';
import { KNOWLEDGE_KINDS, type KnowledgeEntry, isKnowledgeKind } from '../core/knowledge/knowledgeEntry';
import { KnowledgeValidationError, splitList } from '../core/knowledge/knowledgeText';
import { scopeOf } from '../storage/knowledgeStore';
import { type CliInvocation, UsageError } from './cliArgs';
import { type CliOutput, requireWork } from './sessionCommands';

const DEFAULT_SEARCH_LIMIT = 20;

export function knowledgeJson(entry: KnowledgeEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    tags: entry.tags,
    paths: entry.paths,
    scope: scopeOf(entry),
    updatedAt: new Date(entry.updatedAt).toISOString(),
  };
}

function requireKindOption(value: string | undefined): KnowledgeEntry['kind'] {
  const kind = value?.trim().toLowerCase() ?? '';
  if (isKnowledgeKind(kind)) return kind;
  const kinds = `one of: ${KNOWLEDGE_KINDS.join(', ')}`;
  throw new UsageError(value === undefined ? `--kind KIND is required, ${kinds}.` : `--kind ${value} is not a kind of knowledge. Use ${kinds}.`);
}

function requireLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEARCH_LIMIT;
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit ${value}: give a whole number of results, 1 or more.`);
  return limit;
}

/** Validation problems of what was typed are usage errors: the user fixes the command line. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KnowledgeValidationError) throw new UsageError(error.message);
    throw error;
  }
}

const describeEntry = (entry: KnowledgeEntry) =>
  `${entry.kind.padEnd(8)}  ${entry.title}${entry.tags.length ? `  [${entry.tags.join(', ')}]` : ''}${entry.workspaceId === null ? '  (global)' : ''}  ${entry.id}`;

export async function runKnowledge(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const { workspace } = requireWork(services);
  const knowledge = services.knowledge;
  const sub = invocation.command[1];
  switch (sub) {
    case 'add': {
      const kind = requireKindOption(invocation.kind);
      if (invocation.title === undefined) throw new UsageError('--title TEXT is required.');
      const entry = await asUsage(() =>
        knowledge.add(workspace.id, {
          kind,
          title: invocation.title ?? '',
          body: invocation.body ?? '',
          tags: splitList(invocation.tags),
          paths: splitList(invocation.paths),
          scope: invocation.global ? 'global' : 'workspace',
        }),
      );
      output.out(invocation.json ? JSON.stringify({ id: entry.id, entry: knowledgeJson(entry) }) : entry.id);
      return;
    }
    case 'search': {
      const query = invocation.command.slice(2).join(' ');
      if (!query.trim()) throw new UsageError('Give the words to search for: baton knowledge search --workspace DIR QUERY.');
      const hits = await knowledge.search(workspace.id, query, requireLimit(invocation.limit));
      if (invocation.json) {
        output.out(JSON.stringify({ results: hits.map(({ entry, score }) => ({ ...knowledgeJson(entry), score: Math.round(score * 1e6) / 1e6 })) }));
      } else if (hits.length === 0) {
        output.out('No knowledge matches.');
      } else {
        for (const { entry, score } of hits) output.out(`${score.toFixed(3).padStart(7)}  ${describeEntry(entry)}`);
      }
      return;
    }
    case 'list': {
      const entries = await knowledge.list(workspace.id);
      if (invocation.json) output.out(JSON.stringify({ entries: entries.map(knowledgeJson) }));
      else if (entries.length === 0) output.out('No knowledge yet in this workspace. Add some with "baton knowledge add".');
      else for (const entry of entries) output.out(`${new Date(entry.updatedAt).toISOString()}  ${describeEntry(entry)}`);
      return;
    }
    case 'delete': {
      const id = invocation.command[2];
      if (!id) throw new UsageError('Name the entry to delete: baton knowledge delete --workspace DIR ID.');
      await knowledge.delete(workspace.id, id);
      output.out(invocation.json ? JSON.stringify({ deleted: id }) : `Deleted ${id}.`);
      return;
    }
    default:
      throw new UsageError(`Unknown command "knowledge ${sub ?? ''}". Try: add, search, list, delete.`);
  }
}
