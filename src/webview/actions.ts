// The user's intents, turned into protocol messages for the host.
import type { WebviewMessage } from '../shared/protocol';
import type { DraftFields } from './draftFields';

export interface Actions {
  startSession(): void;
  endSession(): void;
  addNote(): void;
  openFile(path: string): void;
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
  };
}
