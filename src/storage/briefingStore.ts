// The briefing history.
import type { BriefingHistory, BriefingRecord } from '../core/briefing/briefingPorts';
import type { BriefingLevel, BriefingSection } from '../core/briefing/briefingTypes';
import type { RedactionCounts } from '../core/redaction/redaction';
import type { BatonDatabase } from './batonDatabase';
import { asNullableString, asNumber, asString } from './sqlAccess';

export class BriefingStore implements BriefingHistory {
  constructor(private readonly database: BatonDatabase) {}

  save(record: BriefingRecord): Promise<void> {
    const { briefing } = record;
    return this.database.write((db) => {
      db.run(
        'INSERT INTO briefings (id, workspace_id, session_id, level, tokens, markdown, sections, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [record.id, record.workspaceId, record.sessionId, briefing.level, briefing.tokens, briefing.markdown, JSON.stringify({ budget: briefing.budget, sections: briefing.sections, unavailable: briefing.unavailable, redactions: briefing.redactions ?? {} }), record.createdAt],
      );
    });
  }

  latest(workspaceId: string): Promise<BriefingRecord | null> {
    return this.database.read((db) => {
      const row = db.one('SELECT * FROM briefings WHERE workspace_id = ? ORDER BY created_at DESC, id LIMIT 1', [workspaceId]);
      if (!row) return null;
      const extra = JSON.parse(asString(row.sections) || '{}') as { budget?: number; sections?: BriefingSection[]; unavailable?: []; redactions?: RedactionCounts };
      return {
        id: asString(row.id),
        workspaceId: asString(row.workspace_id),
        sessionId: asNullableString(row.session_id),
        createdAt: asNumber(row.created_at),
        briefing: {
          level: asString(row.level) as BriefingLevel,
          budget: extra.budget ?? 0,
          tokens: asNumber(row.tokens),
          markdown: asString(row.markdown),
          sections: extra.sections ?? [],
          unavailable: extra.unavailable ?? [],
          redactions: extra.redactions ?? {},
        },
      };
    });
  }
}
