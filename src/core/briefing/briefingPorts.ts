// Where briefings are kept: the history the sidebar's "last briefing" and the CLI read.
import type { Briefing } from './briefingTypes';

export interface BriefingRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly sessionId: string | null;
  readonly createdAt: number;
  readonly briefing: Briefing;
}

export interface BriefingHistory {
  save(record: BriefingRecord): Promise<void>;
  latest(workspaceId: string): Promise<BriefingRecord | null>;
}
