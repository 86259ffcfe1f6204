// Remembers the redaction of recent large texts. A chat resends the same system prompt and
// history with every turn; redacting 32 KB takes about a millisecond, so each turn would pay
// again for text already checked. Redaction is pure (same text, same result), so a result can
// be reused as long as the exact text is the same. Only large texts are kept, and only a few.
import { type Redacted, redactSecrets } from './redaction';

const MIN_CHARS = 2_048;
const MAX_CHARS = 1_048_576;

export class RedactionMemo {
  private readonly recent = new Map<string, Redacted>();

  constructor(private readonly capacity = 32) {}

  redact(text: string): Redacted {
    if (text.length < MIN_CHARS || text.length > MAX_CHARS) return redactSecrets(text);
    const known = this.recent.get(text);
    if (known) {
      // Most recently used last: the first key is the one to drop.
      this.recent.delete(text);
      this.recent.set(text, known);
      return known;
    }
    const result = redactSecrets(text);
    this.recent.set(text, result);
    if (this.recent.size > this.capacity) this.recent.delete(this.recent.keys().next().value ?? '');
    return result;
  }
}
