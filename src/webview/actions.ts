// The user's intents, turned into protocol messages for the host.
import type { BriefingLevelName, WebviewMessage } from '../shared/protocol';
import type { DraftFields } from './draftFields';

export interface Actions {
  startSession(): void;
  endSession(): void;
  addNote(): void;
  openFile(path: string): void;
  generateBriefing(level: BriefingLevelName): void;
  copyBriefing(): void;
  openBriefing(): void;
  takeSnapshot(): void;
  compareSnapshot(id: string): void;
  restoreSnapshot(id: string): void;
  addKnowledge(): void;
  editKnowledge(id: string): void;
  deleteKnowledge(id: string): void;
}

export function createActions(post: (message: WebviewMessage) => void, fields: () => DraftFields): Actions {
  return {
    startSession: () => post({ type: 'startSession', goal: fields().takeGoal() }),
    endSession: () => post({ type: 'endSession' }),
    addNote: () => {
      const text = fields().takeNote();
      if (text !== undefined) post({ type: 'addNote', text });
    },
    openFile: (path) => {
      if (path !== '') post({ type: 'openFile', path });
    },
    generateBriefing: (level) => post({ type: 'generateBriefing', level }),
    copyBriefing: () => post({ type: 'copyBriefing' }),
    openBriefing: () => post({ type: 'openBriefing' }),
    takeSnapshot: () => post({ type: 'takeSnapshot' }),
    compareSnapshot: (id) => post({ type: 'compareSnapshot', id }),
    restoreSnapshot: (id) => post({ type: 'restoreSnapshot', id }),
    addKnowledge: () => post({ type: 'addKnowledge' }),
    editKnowledge: (id) => post({ type: 'editKnowledge', id }),
    deleteKnowledge: (id) => post({ type: 'deleteKnowledge', id }),
  };
}
