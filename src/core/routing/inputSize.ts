// Sizes of a request's input without running a tokenizer on the hot path (o200k takes ~2 ms
// for 8,000 tokens, more than the router's whole budget per request). A byte-level BPE token
// covers at least one UTF-8 byte, so the byte count (plus the chat format's framing) bounds the
// token count from above; a quarter of it is the usual estimate for English and code.
import type { ChatMessage } from './streamEvent';

/** OpenAI's framing: 3 tokens per message plus its role, 3 priming the reply. */
const FRAMING_PER_MESSAGE = 4;
const FRAMING_PER_REPLY = 3;
const BYTES_PER_TOKEN = 4;

export interface InputSize {
  /** No tokenizer can count more tokens than this. */
  readonly upperBound: number;
  /** A labelled estimate for ranking candidates. */
  readonly estimate: number;
}

export function inputSize(messages: readonly ChatMessage[]): InputSize {
  let bytes = 0;
  for (const message of messages) bytes += utf8Length(message.content);
  const framing = FRAMING_PER_REPLY + FRAMING_PER_MESSAGE * messages.length;
  return { upperBound: bytes + framing, estimate: Math.ceil(bytes / BYTES_PER_TOKEN) + framing };
}

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

export function utf8Length(text: string): number {
  // Code and English prompts are all ASCII: one regex test instead of a loop over every character.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // 0x80-0x7FF: 2 bytes; the rest of the BMP: 3; a surrogate pair (2 units): 4 bytes.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}
