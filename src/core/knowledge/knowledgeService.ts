// The knowledge base as the extension and the CLI use it: what a workspace may see, change
// and delete (its own entries and the global ones), full-text search, and the entries relevant
// to a briefing. Storage keeps the rows; this decides what a caller is allowed to reach.
import type { ChangeNotifier } from '../changeFeed';
import { UserFacingError } from '../errors';
import type { KnowledgeDraft, KnowledgeEntry, KnowledgePatch, KnowledgeSearchHit } from './knowledgeEntry';
import type { KnowledgeHints, KnowledgeSource } from './knowledgePorts';
import { relevantKnowledge } from './knowledgeRelevance';

/** The stored entries (storage/knowledgeStore.ts). */
export interface KnowledgeRepository {
  add(workspaceId: string, draft: KnowledgeDraft): Promise<KnowledgeEntry>;
  update(id: string, patch: KnowledgePatch, workspaceId?: string): Promise<KnowledgeEntry | null>;
  delete(id: string, workspaceId?: string): Promise<boolean>;
  get(id: string): Promise<KnowledgeEntry | null>;
  list(workspaceId: string, limit?: number): Promise<readonly KnowledgeEntry[]>;
  search(query: string, workspaceId: string, limit?: number): Promise<readonly KnowledgeSearchHit[]>;
}

export class KnowledgeEntryGoneError extends UserFacingError {
  constructor(id: string) {
    super(`No knowledge entry ${id} in this workspace (or among the global ones): it may have been deleted.`);
  }
}

const visibleFrom = (entry: KnowledgeEntry, workspaceId: string) => entry.workspaceId === null || entry.workspaceId === workspaceId;

export class KnowledgeService implements KnowledgeSource {
  constructor(
    private readonly repository: KnowledgeRepository,
    private readonly changes: ChangeNotifier,
  ) {}

  /** Adds an entry to the workspace, or with scope "global" to every workspace. */
  async add(workspaceId: string, draft: KnowledgeDraft): Promise<KnowledgeEntry> {
    const entry = await this.repository.add(workspaceId, draft);
    this.changes.notify();
    return entry;
  }

  /** The entry, if the workspace sees it. */
  async find(workspaceId: string, id: string): Promise<KnowledgeEntry | null> {
    const entry = await this.repository.get(id);
    return entry && visibleFrom(entry, workspaceId) ? entry : null;
  }

  /** The entry, or a message saying it is gone. */
  async require(workspaceId: string, id: string): Promise<KnowledgeEntry> {
    const entry = await this.find(workspaceId, id);
    if (!entry) throw new KnowledgeEntryGoneError(id);
    return entry;
  }

  /** Any entry by id, whatever its workspace: for a document the user already has open. */
  get(id: string): Promise<KnowledgeEntry | null> {
    return this.repository.get(id);
  }

  async update(workspaceId: string, id: string, patch: KnowledgePatch): Promise<KnowledgeEntry> {
    await this.require(workspaceId, id);
    const updated = await this.repository.update(id, patch, workspaceId);
    if (!updated) throw new KnowledgeEntryGoneError(id);
    this.changes.notify();
    return updated;
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repository.delete(id, workspaceId))) throw new KnowledgeEntryGoneError(id);
    this.changes.notify();
  }

  /** The workspace's entries and the global ones, most recently updated first. */
  list(workspaceId: string, limit?: number): Promise<readonly KnowledgeEntry[]> {
    return this.repository.list(workspaceId, limit);
  }

  search(workspaceId: string, query: string, limit?: number): Promise<readonly KnowledgeSearchHit[]> {
    return this.repository.search(query, workspaceId, limit);
  }

  /** For briefings: the entries relevant to the work (see relevantKnowledge). */
  async relevant(hints: KnowledgeHints, limit?: number): Promise<readonly KnowledgeEntry[]> {
    return relevantKnowledge(await this.repository.list(hints.workspaceId), hints, { limit });
  }
}
