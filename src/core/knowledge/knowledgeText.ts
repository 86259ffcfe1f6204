// Text rules of the knowledge base, shared by the store, the CLI, the extension and the
// briefing: how drafts are checked and normalized, and how text splits into search terms.
import { UserFacingError } from '../errors';
import { inlineCode } from '../format';
import { KNOWLEDGE_KINDS, type KnowledgeDraft, type KnowledgeKind, isKnowledgeKind } from './knowledgeEntry';

export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 100_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_PATHS = 50;

/** What each kind is for, as the pickers and the usage text say it. */
export const KNOWLEDGE_KIND_DESCRIPTIONS: Readonly<Record<KnowledgeKind, string>> = {
  pattern: 'A way of doing things that works in this code',
  solution: 'How a problem was solved',
  decision: 'A choice that was made, and why',
  gotcha: 'A trap to avoid next time',
  note: 'Anything else worth keeping',
};

export class KnowledgeValidationError extends UserFacingError {}

export function requireKind(value: string): KnowledgeKind {
  const kind = value.trim().toLowerCase();
  if (!isKnowledgeKind(kind)) throw new KnowledgeValidationError(`"${value}" is not a kind of knowledge. Use one of: ${KNOWLEDGE_KINDS.join(', ')}.`);
  return kind;
}

/** Tags: trimmed, lower case, no commas or line breaks (they separate tags when stored), unique. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of tags.flatMap((tag) => tag.split(','))) {
    const tag = raw.replace(/\s+/g, ' ').trim().toLowerCase().replace(/^#/, '');
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** Paths: workspace-relative with forward slashes, no leading "./" or "/", unique. */
export function normalizePath(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/{2,}/g, '/');
}

export function normalizePaths(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of paths.flatMap((p) => p.split(/[\n,]/))) {
    const path = normalizePath(raw);
    if (path && path !== '.') seen.add(path);
  }
  return [...seen];
}

/** Splits "a, b" (as typed in a box or on the command line) into items. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** Checks a draft and returns it normalized. Throws KnowledgeValidationError saying what to fix. */
export function normalizeDraft(draft: KnowledgeDraft): KnowledgeDraft {
  const kind = requireKind(draft.kind);
  const title = draft.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new KnowledgeValidationError('A knowledge entry needs a title.');
  if (title.length > MAX_TITLE_LENGTH) throw new KnowledgeValidationError(`Keep the title under ${MAX_TITLE_LENGTH} characters.`);
  const body = draft.body.replace(/\r\n?/g, '\n').trimEnd();
  if (body.length > MAX_BODY_LENGTH) throw new KnowledgeValidationError(`Keep the body under ${MAX_BODY_LENGTH} characters.`);
  const tags = normalizeTags(draft.tags);
  if (tags.length > MAX_TAGS) throw new KnowledgeValidationError(`Use at most ${MAX_TAGS} tags.`);
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (long) throw new KnowledgeValidationError(`The tag "${long.slice(0, 20)}…" is too long (at most ${MAX_TAG_LENGTH} characters).`);
  const paths = normalizePaths(draft.paths);
  if (paths.length > MAX_PATHS) throw new KnowledgeValidationError(`Name at most ${MAX_PATHS} paths.`);
  if (draft.scope !== 'workspace' && draft.scope !== 'global') throw new KnowledgeValidationError('The scope is "workspace" or "global".');
  return { kind, title, body, tags, paths, scope: draft.scope };
}

/** Lower case without diacritics, the way the unicode61 tokenizer compares ("Café" -> "cafe"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text: runs of letters and digits, folded. Everything else separates them. */
export function wordsOf(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The first line of a markdown body that says something, without fences and heading marks. */
export function firstLineOf(body: string): string {
  for (const line of body.split('\n')) {
    const text = line.trim();
    if (!text || /^(`{3,}|~{3,})/.test(text)) continue;
    return text.replace(/^#+\s*/, '');
  }
  return '';
}

/** A code block holding `text` exactly: the fence is longer than any backtick run inside. */
export function fencedCode(text: string, language: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = language === 'plaintext' ? '' : language.replace(/[^\w+#.-]/g, '');
  let code = text.replace(/\r\n?/g, '\n');
  while (code.endsWith('\n')) code = code.slice(0, -1);
  return `${fence}${lang}\n${code}\n${fence}`;
}

const KIND_LABELS: Readonly<Record<KnowledgeKind, string>> = { pattern: 'Pattern', solution: 'Solution', decision: 'Decision', gotcha: 'Gotcha', note: 'Note' };

export function kindLabel(kind: KnowledgeKind): string {
  return KIND_LABELS[kind];
}

const escapeLinkText = (text: string) => text.replace(/([\\[\]])/g, '\\$1');

/**
 * An entry as a Markdown page: title, kind, scope, tags, the files it is about (as links made
 * by `linkOf`, or plain code spans when it gives none), then the body.
 */
export function knowledgeMarkdown(
  entry: { kind: KnowledgeKind; title: string; body: string; tags: readonly string[]; paths: readonly string[]; workspaceId: string | null; updatedAt: number },
  linkOf: (path: string) => string | null = () => null,
): string {
  const facts = [
    `**${kindLabel(entry.kind)}**`,
    entry.workspaceId === null ? 'global (every workspace)' : 'this workspace',
    ...(entry.tags.length ? [entry.tags.map((tag) => inlineCode(tag)).join(' ')] : []),
    `updated ${new Date(entry.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
  const files = entry.paths.map((path) => {
    const link = linkOf(path);
    return link ? `- [${escapeLinkText(path)}](<${link.replace(/[<>\s]/g, encodeURIComponent)}>)` : `- ${inlineCode(path)}`;
  });
  return [
    `# ${entry.title}`,
    '',
    facts.join(' · '),
    ...(files.length ? ['', 'About:', '', ...files] : []),
    '',
    '---',
    '',
    entry.body || '_No body._',
    '',
  ].join('\n');
}
