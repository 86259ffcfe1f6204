// Markdown from the workspace or an LLM, rendered inert. markdown-it escapes raw HTML
// (`html: false`), rejects `javascript:` style URLs and turns nothing into a link on its own;
// links become plain text with the address as a tooltip (a click must not navigate the
// webview) and images become their alt text, so nothing remote is ever requested. DOMPurify
// then keeps only a short list of text tags and attributes, as a second line of defence.
import DOMPurify from 'dompurify';
import markdownIt, { type MarkdownIt } from 'markdown-it';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
];
const FORBID_TAGS = [
  'a', 'img', 'picture', 'source', 'video', 'audio', 'track', 'iframe', 'frame', 'object', 'embed', 'style', 'link',
  'meta', 'base', 'script', 'noscript', 'template', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math',
];
/** The only classes the renderer below writes; anything else is dropped. */
const ALLOWED_CLASSES = new Set(['md-link', 'md-image']);
/** A fence's language on its <code> (`language-ts`), kept so Insert at Cursor can pass it on. */
const CODE_LANGUAGE_CLASS = /^language-[A-Za-z0-9_+#.-]{1,40}$/;

const purifier = DOMPurify(window);
purifier.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName !== 'class' || ALLOWED_CLASSES.has(data.attrValue)) return;
  if (node.nodeName === 'CODE' && CODE_LANGUAGE_CLASS.test(data.attrValue)) return;
  data.keepAttr = false;
});

let parser: MarkdownIt | undefined;

function createParser(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false, breaks: false });
  const escape = md.utils.escapeHtml;
  md.renderer.rules.link_open = (tokens, idx) => {
    const href = String(tokens[idx]?.attrGet('href') ?? '');
    return `<span class="md-link" title="${escape(href)}">`;
  };
  md.renderer.rules.link_close = () => '</span>';
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const alt = self.renderInlineAsText(tokens[idx]?.children ?? [], options, env);
    return alt === '' ? '' : `<span class="md-image">${escape(alt)}</span>`;
  };
  // Table cell alignment is written as an inline style, which the CSP refuses; leave it out.
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      tokens[idx]?.attrs?.splice(0);
      return self.renderToken(tokens, idx, options);
    };
  }
  return md;
}

/** Sanitized HTML of `source`, as a fragment ready to append. */
export function renderMarkdown(source: string): DocumentFragment {
  parser ??= createParser();
  return purifier.sanitize(parser.render(source), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['class', 'title', 'start'],
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'src', 'srcset', 'href', 'action', 'formaction', 'xlink:href'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_DOM_FRAGMENT: true,
  });
}
