// Which reader parses a file: the agent that wrote it decides, and for Gemini CLI the file's
// extension (the JSONL recordings of newer versions, the whole-document chats of older ones).
import type { AgentSource } from '../../core/accounts/account';
import { claudeCodeLog } from './claudeCodeLog';
import { clineTaskLog } from './clineTaskLog';
import { codexLog } from './codexLog';
import { geminiChatLog, geminiLegacyChatLog } from './geminiLog';
import type { LogFormat } from './logFile';

const CLINE_FAMILY: Readonly<Record<'cline' | 'roo-code' | 'kilo-code', LogFormat>> = {
  cline: clineTaskLog('cline'),
  'roo-code': clineTaskLog('roo-code'),
  'kilo-code': clineTaskLog('kilo-code'),
};

export function formatOf(source: AgentSource, path: string): LogFormat {
  switch (source) {
    case 'claude-code':
      return claudeCodeLog;
    case 'codex':
      return codexLog;
    case 'gemini-cli':
      return path.endsWith('.jsonl') ? geminiChatLog : geminiLegacyChatLog;
    default:
      return CLINE_FAMILY[source];
  }
}
