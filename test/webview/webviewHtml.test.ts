// The HTML document itself, without a browser.
import assert from 'node:assert/strict';
import { createNonce, escapeAttribute, renderWebviewHtml, type WebviewHtmlResources } from '../../src/shared/webviewHtml';

const resources: WebviewHtmlResources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abcdef0123456789abcdef0123456789',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/sidebar.css',
  codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicon.css',
};

describe('renderWebviewHtml', () => {
  it('sets a strict CSP with the nonce and the webview source', () => {
    const html = renderWebviewHtml(resources);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.equal(
      csp,
      "default-src &#39;none&#39;; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        'font-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; ' +
        "script-src &#39;nonce-abcdef0123456789abcdef0123456789&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;",
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('links the stylesheets and loads the one script with the nonce', () => {
    const html = renderWebviewHtml(resources);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/codicon\.css"/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/sidebar\.css">/);
    assert.deepEqual(html.match(/<script[^>]*>/g), [
      `<script nonce="abcdef0123456789abcdef0123456789" src="${resources.scriptUri}">`,
    ]);
    assert.doesNotMatch(html, /style="/);
  });

  it('carries a page state into the app element as escaped JSON, and nothing when there is none', () => {
    const state = { query: { period: '"><script>alert(1)</script>' }, tables: ["it's"] };
    const html = renderWebviewHtml({ ...resources, initialState: state });
    const attribute = /<main id="app" class="app" data-initial-state="([^"]*)"><\/main>/.exec(html)?.[1];
    assert.ok(attribute, 'the app element carries the state');
    assert.equal(html.match(/<script/g)?.length, 1, 'no element comes out of the state');
    const decoded = attribute.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), state);
    for (const none of [undefined, null, 1n]) assert.match(renderWebviewHtml({ ...resources, initialState: none }), /<main id="app" class="app"><\/main>/);
  });

  it('escapes attribute values', () => {
    const html = renderWebviewHtml({ ...resources, scriptUri: 'x"><script>alert(1)</script>' });
    assert.match(html, /src="x&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.equal(escapeAttribute(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });

  it('refuses a nonce or source that could rewrite the policy', () => {
    assert.throws(() => renderWebviewHtml({ ...resources, nonce: "abc' 'unsafe-inline" }), /nonce/);
    assert.throws(() => renderWebviewHtml({ ...resources, nonce: 'short' }), /nonce/);
    assert.throws(() => renderWebviewHtml({ ...resources, cspSource: "x; script-src 'unsafe-inline'" }), /CSP source/);
    assert.throws(() => renderWebviewHtml({ ...resources, cspSource: "'unsafe-inline'" }), /CSP source/);
  });

  it("accepts the cspSource code-server hands over, with the quoted 'self' keyword", () => {
    const html = renderWebviewHtml({ ...resources, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.match(html, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net;/);
  });

  it('creates a hex nonce from random bytes', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    assert.equal(createNonce(bytes), '00112233445566778899aabbccddeeff');
    assert.throws(() => createNonce(new Uint8Array(8)), RangeError);
  });
});
