// The user's intents, sent to the host as the sidebar protocol's commands.
import type { BriefingLevelName, SidebarProtocol } from '../../shared/protocol/sidebar';
import type { WebviewChannel } from '../common/hostChannel';
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
  showCosts(): void;
}

export function createActions(channel: Pick<WebviewChannel<SidebarProtocol>, 'command'>, fields: () => DraftFields): Actions {
  return {
    startSession: () => channel.command('startSession', { goal: fields().takeGoal() }),
    endSession: () => channel.command('endSession'),
    addNote: () => {
      const text = fields().takeNote();
      if (text !== undefined) channel.command('addNote', { text });
    },
    openFile: (path) => {
      if (path !== '') channel.command('openFile', { path });
    },
    generateBriefing: (level) => channel.command('generateBriefing', { level }),
    copyBriefing: () => channel.command('copyBriefing'),
    openBriefing: () => channel.command('openBriefing'),
    takeSnapshot: () => channel.command('takeSnapshot'),
    compareSnapshot: (id) => channel.command('compareSnapshot', { id }),
    restoreSnapshot: (id) => channel.command('restoreSnapshot', { id }),
    addKnowledge: () => channel.command('addKnowledge'),
    editKnowledge: (id) => channel.command('editKnowledge', { id }),
    deleteKnowledge: (id) => channel.command('deleteKnowledge', { id }),
    showCosts: () => channel.command('showCosts'),
  };
}
