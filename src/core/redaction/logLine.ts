// A log line as the output channel receives it: the message, and an error's message when there
// is one, redacted. Here rather than in host/ so that plain-Node tests can check it.
import { errorMessage } from '../errors';
import { redactText } from './redaction';

export function logLine(message: string, error?: unknown): string {
  return redactText(error === undefined ? message : `${message}: ${errorMessage(error)}`);
}
