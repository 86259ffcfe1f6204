// The knowledge store as the briefing's knowledge source and the sidebar's list, with the
// system clock and random ids (shared by the extension and the CLI).
import { randomUUID } from 'node:crypto';
import type { KnowledgeSource } from '../core/briefing/briefingPorts';
import { systemClock } from '../core/clock';
import type { KnowledgeEntry } from '../core/knowledge/knowledgeEntry';
import type { BatonDatabase } from './batonDatabase';
import { KnowledgeStore } from './knowledgeStore';

export function knowledgeStoreFor(database: BatonDatabase): KnowledgeStore {
  return new KnowledgeStore(database, { clock: systemClock, ids: { next: () => randomUUID() } });
}

export function knowledgeSourceFor(database: BatonDatabase): KnowledgeSource {
  const store = knowledgeStoreFor(database);
  return { relevant: (hints) => store.relevant(hints) };
}

export function listKnowledgeFor(database: BatonDatabase, workspaceId: string, limit: number): Promise<readonly KnowledgeEntry[]> {
  return knowledgeStoreFor(database).list(workspaceId, limit);
}
