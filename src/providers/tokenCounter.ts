// Token counts with a real tokenizer (gpt-tokenizer, o200k). Loaded on first use: from
// dist/tokenizer.js next to the running bundle, or from the package when run from source.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type TokenCounter = (text: string) => number;

interface TokenizerModule {
  countTokens(text: string): number;
}

let counter: TokenCounter | undefined;

export function tokenCounter(): TokenCounter {
  if (counter) return counter;
  const bundled = join(__dirname, 'tokenizer.js');
  // Non-literal requires keep esbuild from pulling the tokenizer into the calling bundle.
  const source = existsSync(bundled) ? bundled : ['gpt-tokenizer', 'encoding', 'o200k_base'].join('/');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(source) as TokenizerModule;
  counter = (text: string) => loaded.countTokens(text);
  return counter;
}
