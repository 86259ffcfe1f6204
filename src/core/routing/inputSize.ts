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
  for (const message of messages) bytes += utf8LengthBound(message.content);
  const framing = FRAMING_PER_REPLY + FRAMING_PER_MESSAGE * messages.length;
  return { upperBound: bytes + framing, estimate: Math.ceil(bytes / BYTES_PER_TOKEN) + framing };
}

// eslint-disable-next-line no-control-regex -- the ASCII range itself is what is matched
const ASCII_RUNS = /[\x00-\x7f]+/g;

/**
 * At least the UTF-8 byte count, at most a little over it: each non-ASCII UTF-16 unit counts 3
 * bytes (exact inside the BMP above U+07FF; a surrogate pair counts 6 for its 4). Removing the
 * ASCII runs with one native regex is far faster than a loop over every character.
 */
export function utf8LengthBound(text: string): number {
  const nonAscii = text.replace(ASCII_RUNS, '').length;
  return text.length + 2 * nonAscii;
}
