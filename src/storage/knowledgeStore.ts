// The knowledge base in the Baton database. Workspace entries carry their workspace id, global
// ones NULL; a workspace sees both. Full-text search runs on the FTS4 table knowledge_fts,
// which triggers keep in step with the knowledge table (and so with every journal replay);
// ranking is BM25 computed here from matchinfo, see core/knowledge/knowledgeRanking.ts.
import type { Clock, IdSource } from '../core/clock';
import type { KnowledgeDraft, KnowledgeEntry, KnowledgeKind, KnowledgePatch, KnowledgeSearchHit } from '../core/knowledge/knowledgeEntry';
import type { KnowledgeRepository } from '../core/knowledge/knowledgeService';
import { compareRanked, decodeMatchInfo, matchExpression, rankScore, searchTerms } from '../core/knowledge/knowledgeRanking';
import { KnowledgeValidationError, normalizeDraft } from '../core/knowledge/knowledgeText';
import type { BatonDatabase } from './batonDatabase';
import { type Row, type SqlReader, asNullableString, asNumber, asString } from './sqlAccess';

const COLUMNS = 'id, workspace_id, kind, title, body, tags, paths, created_at, updated_at';
const VISIBLE = '(workspace_id = ? OR workspace_id IS NULL)';

/** Tags are stored comma-separated, paths newline-separated (see migration 3). */
export const joinTags = (tags: readonly string[]) => tags.join(',');
export const joinPaths = (paths: readonly string[]) => paths.join('\n');
export const splitTags = (stored: string) => (stored ? stored.split(',') : []);
export const splitPaths = (stored: string) => (stored ? stored.split('\n') : []);

export function knowledgeEntryOf(row: Row): KnowledgeEntry {
  return {
    id: asString(row.id),
    workspaceId: asNullableString(row.workspace_id),
    kind: asString(row.kind) as KnowledgeKind,
    title: asString(row.title),
    body: asString(row.body),
    tags: splitTags(asString(row.tags)),
    paths: splitPaths(asString(row.paths)),
    createdAt: asNumber(row.created_at),
    updatedAt: asNumber(row.updated_at),
  };
}

export const scopeOf = (entry: Pick<KnowledgeEntry, 'workspaceId'>): KnowledgeDraft['scope'] => (entry.workspaceId === null ? 'global' : 'workspace');

export interface KnowledgeStoreOptions {
  readonly clock: Clock;
  readonly ids: IdSource;
}

function selectEntry(db: SqlReader, id: string): KnowledgeEntry | null {
  const row = db.one(`SELECT ${COLUMNS} FROM knowledge WHERE id = ?`, [id]);
  return row ? knowledgeEntryOf(row) : null;
}

const draftOf = (entry: KnowledgeEntry): KnowledgeDraft => ({
  kind: entry.kind, title: entry.title, body: entry.body, tags: entry.tags, paths: entry.paths, scope: scopeOf(entry),
});

const sameDraft = (a: KnowledgeDraft, b: KnowledgeDraft) => JSON.stringify(a) === JSON.stringify(b);

export class KnowledgeStore implements KnowledgeRepository {
  constructor(
    private readonly database: BatonDatabase,
    private readonly options: KnowledgeStoreOptions,
  ) {}

  /** Adds an entry to the workspace (or, with scope "global", to every workspace). */
  async add(workspaceId: string, draft: KnowledgeDraft): Promise<KnowledgeEntry> {
    const clean = normalizeDraft(draft);
    const now = this.options.clock.now();
    const entry: KnowledgeEntry = {
      id: this.options.ids.next(),
      workspaceId: clean.scope === 'global' ? null : workspaceId,
      kind: clean.kind,
      title: clean.title,
      body: clean.body,
      tags: clean.tags,
      paths: clean.paths,
      createdAt: now,
      updatedAt: now,
    };
    await this.database.write((db) => {
      db.run(`INSERT INTO knowledge (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        entry.id, entry.workspaceId, entry.kind, entry.title, entry.body, joinTags(entry.tags), joinPaths(entry.paths), entry.createdAt, entry.updatedAt,
      ]);
    });
    return entry;
  }

  /**
   * Changes an entry. Making a global entry workspace-scoped needs `workspaceId`. Resolves
   * to the entry as stored (unchanged, and nothing written, when the patch changes nothing),
   * or null when there is no such entry.
   */
  update(id: string, patch: KnowledgePatch, workspaceId?: string): Promise<KnowledgeEntry | null> {
    const now = this.options.clock.now();
    return this.database.write((db) => {
      const current = selectEntry(db, id);
      if (!current) return null;
      const before = draftOf(current);
      const after = normalizeDraft({ ...before, ...definedFields(patch) });
      if (sameDraft(before, after)) return current;
      const owner = after.scope === 'global' ? null : (current.workspaceId ?? workspaceId ?? null);
      if (owner === null && after.scope === 'workspace') throw new KnowledgeValidationError('Name the workspace a global entry should move into.');
      const updatedAt = Math.max(now, current.updatedAt);
      db.run('UPDATE knowledge SET workspace_id = ?, kind = ?, title = ?, body = ?, tags = ?, paths = ?, updated_at = ? WHERE id = ?', [
        owner, after.kind, after.title, after.body, joinTags(after.tags), joinPaths(after.paths), updatedAt, id,
      ]);
      return selectEntry(db, id);
    });
  }

  /** Deletes an entry; with `workspaceId`, only if that workspace sees it. Resolves true if one was deleted. */
  delete(id: string, workspaceId?: string): Promise<boolean> {
    return this.database.write((db) =>
      workspaceId === undefined
        ? db.run('DELETE FROM knowledge WHERE id = ?', [id]) > 0
        : db.run(`DELETE FROM knowledge WHERE id = ? AND ${VISIBLE}`, [id, workspaceId]) > 0,
    );
  }

  get(id: string): Promise<KnowledgeEntry | null> {
    return this.database.read((db) => selectEntry(db, id));
  }

  /** The workspace's entries and the global ones, most recently updated first. */
  list(workspaceId: string, limit: number = Number.MAX_SAFE_INTEGER): Promise<readonly KnowledgeEntry[]> {
    return this.database.read((db) =>
      db.all(`SELECT ${COLUMNS} FROM knowledge WHERE ${VISIBLE} ORDER BY updated_at DESC, id LIMIT ?`, [workspaceId, Math.max(0, limit)]).map(knowledgeEntryOf),
    );
  }

  /**
   * Full-text search over title, body, tags and paths of the entries the workspace sees.
   * Every word typed is a prefix; an entry matching any word is found. Ranked by rankScore:
   * more words matched first, then BM25 (title hits weigh most); ties by the latest update.
   * Text without a single letter or digit finds nothing; no input raises an FTS syntax error.
   */
  search(query: string, workspaceId: string, limit = 20): Promise<readonly KnowledgeSearchHit[]> {
    const expression = matchExpression(searchTerms(query));
    if (expression === null || limit <= 0) return Promise.resolve([]);
    return this.database.read((db) => {
      const rows = db.all(
        `SELECT ${COLUMNS.split(', ').map((c) => `k.${c}`).join(', ')}, matchinfo(knowledge_fts, 'pcnalx') AS info
         FROM knowledge_fts JOIN knowledge k ON k.rowid = knowledge_fts.docid
         WHERE knowledge_fts MATCH ? AND (k.workspace_id = ? OR k.workspace_id IS NULL)`,
        [expression, workspaceId],
      );
      return rows
        .map((row) => {
          const info = row.info instanceof Uint8Array ? decodeMatchInfo(row.info) : null;
          const entry = knowledgeEntryOf(row);
          return { entry, score: info ? rankScore(info) : 0, updatedAt: entry.updatedAt, id: entry.id };
        })
        .sort(compareRanked)
        .slice(0, limit)
        .map(({ entry, score }) => ({ entry, score }));
    });
  }
}

function definedFields(patch: KnowledgePatch): KnowledgePatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as KnowledgePatch;
}
