// The first table, quote or fence an answer holds costs markdown-it and DOMPurify several times
// what the next one does (their code for it runs for the first time), enough to hold up a frame
// of a streaming answer. One sample of each, rendered and dropped while the page waits for the
// user, pays that before any answer arrives.
import { renderMarkdown } from '../common/markdown';

const SAMPLE = [
  '# Heading',
  '## Step 1: a **bold** and _emphasised_ `inline()` [link](https://example.com) ![image](x.png)',
  'A paragraph with ~~strike~~ text.\nA second line.',
  '- item one\n- item two\n  - nested',
  '1. first\n\n2. second',
  '```ts\nconst value = compute(1);\n```',
  '~~~python\ndef step():\n    return 1\n~~~',
  '    indented code',
  '| model | cost |\n|---|--:|\n| gpt | $1.00 |',
  '> a quote\n> on two lines',
  '---',
].join('\n\n');

/** Renders the sample once and drops it; never throws (a failure only costs the first answer's speed). */
export function warmUpMarkdown(): void {
  try {
    renderMarkdown(SAMPLE);
  } catch (error) {
    console.warn('Baton: could not warm up the markdown renderer.', error);
  }
}
