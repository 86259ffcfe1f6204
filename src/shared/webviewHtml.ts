// The HTML document of every Baton webview (the sidebar now; the chat and costs views next).
// Pure: the host passes `webview.cspSource` and `webview.asWebviewUri(...)` strings, tests
// pass a local origin.

export interface WebviewHtmlResources {
  /** `webview.cspSource`: the only origin styles, fonts and images may come from. */
  readonly cspSource: string;
  /** A fresh random value per render; see `createNonce`. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  /** The document title (not shown by VS Code; read by screen readers). */
  readonly title?: string;
  /**
   * The page's own saved state, for a page that starts without one: a panel opened anew in place
   * of a restored one that did not load (costsPanel.ts). The page validates it as it would its own.
   */
  readonly initialState?: unknown;
}

/** The `data-initial-state` attribute, or nothing when there is no state to carry. */
function initialStateAttribute(state: unknown): string {
  if (state === undefined || state === null) return '';
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch {
    return '';
  }
  return json === undefined ? '' : ` data-initial-state="${escapeAttribute(json)}"`;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/_=-]{16,}$/;
// A source list entry must not be able to end the directive or open a new one. VS Code's own
// `cspSource` may include the quoted keyword 'self' (code-server does); no other keyword passes.
const CSP_ENTRY = `(?:'self'|[^;,'"\\s]+)`;
const CSP_SOURCE_PATTERN = new RegExp(`^${CSP_ENTRY}(?: ${CSP_ENTRY})*$`);

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Hex-encodes at least 16 random bytes (from `crypto.getRandomValues` or `randomBytes`). */
export function createNonce(randomBytes: Uint8Array): string {
  if (randomBytes.length < 16) throw new RangeError('A nonce needs at least 16 random bytes.');
  return Array.from(randomBytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The Content-Security-Policy of every webview: nothing inline, scripts only with the nonce. */
export function webviewCsp(cspSource: string, nonce: string): string {
  if (!CSP_SOURCE_PATTERN.test(cspSource)) throw new Error('Invalid CSP source.');
  if (!NONCE_PATTERN.test(nonce)) throw new Error('Invalid nonce.');
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderWebviewHtml(r: WebviewHtmlResources): string {
  const csp = escapeAttribute(webviewCsp(r.cspSource, r.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(r.codiconUri)}" id="vscode-codicon-stylesheet">
  <link rel="stylesheet" href="${escapeAttribute(r.styleUri)}">
  <title>${escapeAttribute(r.title ?? 'Baton')}</title>
</head>
<body>
  <main id="app" class="app"${initialStateAttribute(r.initialState)}></main>
  <script nonce="${escapeAttribute(r.nonce)}" src="${escapeAttribute(r.scriptUri)}"></script>
</body>
</html>
`;
}
