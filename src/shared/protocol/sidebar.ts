// The sidebar's protocol, declared once for both sides: the intents the webview sends (commands
// to the host) and the state the host sends (the full ViewState after `ready`, then only the
// top-level fields that changed). Each is validated on receipt, whole, on both sides.
import type { ViewState } from '../viewState';
import { defineProtocol } from './ipc';
import { type Validator, array, boolean, empty, literal, nullable, number, object, optional, string } from './validate';

export const MAX_NOTE_LENGTH = 4000;
export const MAX_GOAL_LENGTH = 500;
const MAX_ID_LENGTH = 200;
const MAX_PATH_LENGTH = 4096;
// Generous bounds: they stop a runaway payload, not a real workspace.
const MAX_TEXT = 1_000_000;
const MAX_ITEMS = 10_000;

export const BRIEFING_LEVEL_NAMES = ['high', 'medium', 'low'] as const;
export type BriefingLevelName = (typeof BRIEFING_LEVEL_NAMES)[number];

const id = string({ min: 1, max: MAX_ID_LENGTH });
const text = string({ max: MAX_TEXT });
const count = number({ integer: true, min: 0 });
const iso = string({ max: 64 });
const list = <T>(item: Validator<T>) => array(item, { max: MAX_ITEMS });

const fileActivity = object({ path: text, edits: count, saves: count });
const note = object({ text, at: iso });

// The share of the limit used at a handoff, in whole percent: above 100 when the account was overdrawn.
const handoff = object({ percent: count, verdict: literal('early', 'in-band', 'late'), recommendation: text });
const sessionCredits = object({ spent: nullable(text), account: nullable(text), handoff: nullable(handoff) });

const runningSession = object({
  id, goal: text, startedAt: iso, activeMs: number({ min: 0 }), asOf: iso, isActive: boolean(), branch: nullable(text),
  files: list(fileActivity), notes: list(note), credits: nullable(sessionCredits),
});

const sessionSummary = object({
  id, goal: text, startedAt: iso, endedAt: nullable(iso), activeMs: number({ min: 0 }), fileCount: count, noteCount: count, summary: nullable(text),
  credits: nullable(sessionCredits),
});

const knowledge = object({
  id, kind: literal('pattern', 'solution', 'decision', 'gotcha', 'note'), title: text, body: text,
  tags: list(text), paths: list(text), scope: literal('workspace', 'global'), updatedAt: iso,
});

const snapshot = object({
  id, label: text, reason: literal('manual', 'session-end', 'handoff'), takenAt: iso, branch: nullable(text), fileCount: count, patchTruncated: boolean(),
});

const briefing = object({
  level: literal(...BRIEFING_LEVEL_NAMES), tokens: count, budget: count, createdAt: iso, markdown: text, unavailable: list(text),
});

const nanos = number({ integer: true, min: 0 });
const costs = object({
  todayNanos: nanos, monthNanos: nanos,
  budget: nullable(object({ limitNanos: nanos, leftNanos: number({ integer: true }) })),
  account: nullable(object({ name: text, used: text })),
});

/** Every field of the view state, each with its own validator (a patch checks the ones it has). */
const viewStateFields = {
  status: literal('loading', 'ready', 'error'),
  errorMessage: nullable(text),
  workspaceName: nullable(text),
  running: nullable(runningSession),
  recent: list(sessionSummary),
  snapshots: list(snapshot),
  knowledge: list(knowledge),
  lastBriefing: nullable(briefing),
  costs: nullable(costs),
};

// Typed against the ViewState interface: a field the validator forgets is a compile error here.
export const viewState: Validator<ViewState> = object(viewStateFields);

export type ViewStatePatch = Partial<ViewState>;
export const viewStatePatch: Validator<ViewStatePatch> = object({
  status: optional(viewStateFields.status),
  errorMessage: optional(viewStateFields.errorMessage),
  workspaceName: optional(viewStateFields.workspaceName),
  running: optional(viewStateFields.running),
  recent: optional(viewStateFields.recent),
  snapshots: optional(viewStateFields.snapshots),
  knowledge: optional(viewStateFields.knowledge),
  lastBriefing: optional(viewStateFields.lastBriefing),
  costs: optional(viewStateFields.costs),
});

const byId = object({ id });

export const sidebarProtocol = defineProtocol({
  toHost: {
    commands: {
      startSession: object({ goal: string({ max: MAX_GOAL_LENGTH }) }),
      endSession: empty,
      addNote: object({ text: string({ max: MAX_NOTE_LENGTH, nonBlank: true }) }),
      openFile: object({ path: string({ min: 1, max: MAX_PATH_LENGTH }) }),
      generateBriefing: object({ level: nullable(literal(...BRIEFING_LEVEL_NAMES)) }),
      copyBriefing: empty,
      openBriefing: empty,
      takeSnapshot: empty,
      compareSnapshot: byId,
      restoreSnapshot: byId,
      addKnowledge: empty,
      editKnowledge: byId,
      deleteKnowledge: byId,
      showCosts: empty,
    },
    requests: {},
    notifications: {},
  },
  toWebview: {
    commands: {},
    requests: {},
    notifications: {
      /** The whole state: the first message after `ready`, and after the view was hidden. */
      state: viewState,
      /** Only the top-level fields that changed since the last state or patch. */
      statePatch: viewStatePatch,
    },
  },
});

export type SidebarProtocol = typeof sidebarProtocol;
