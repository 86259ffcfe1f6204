// VS Code's Dark+ theme variables, set the way VS Code sets them on a webview's <html>.
import type { Page } from 'playwright-core';

export const DARK_PLUS: Readonly<Record<string, string>> = {
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#ccccccb3',
  '--vscode-errorForeground': '#f48771',
  '--vscode-focusBorder': '#007fd4',
  '--vscode-sideBar-background': '#252526',
  '--vscode-sideBarSectionHeader-background': '#00000000',
  '--vscode-sideBarSectionHeader-foreground': '#cccccc',
  '--vscode-sideBarSectionHeader-border': '#cccccc33',
  '--vscode-button-background': '#0e639c',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#1177bb',
  '--vscode-button-secondaryBackground': '#3a3d41',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#45494e',
  '--vscode-input-background': '#3c3c3c',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-placeholderForeground': '#a6a6a6',
  '--vscode-badge-background': '#4d4d4d',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-focusBackground': '#062f4a',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-inputValidation-errorBorder': '#be1100',
  '--vscode-keybindingLabel-background': '#8080802b',
  '--vscode-keybindingLabel-foreground': '#cccccc',
  '--vscode-keybindingLabel-border': '#33333399',
  '--vscode-keybindingLabel-bottomBorder': '#44444499',
  '--vscode-widget-shadow': '#0000005c',
  '--vscode-textBlockQuote-border': '#007acc80',
  '--vscode-panel-border': '#80808059',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-charts-green': '#89d185',
  '--vscode-icon-foreground': '#c5c5c5',
  '--vscode-toolbar-hoverBackground': '#5a5d5e50',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-editorInfo-foreground': '#3794ff',
  '--vscode-inputOption-activeBackground': '#007fd466',
  '--vscode-inputOption-activeBorder': '#007acc',
  '--vscode-inputOption-activeForeground': '#ffffff',
  '--vscode-inputOption-hoverBackground': '#5a5d5e80',
  '--vscode-textLink-foreground': '#3794ff',
  '--vscode-textLink-activeForeground': '#3794ff',
  '--vscode-textCodeBlock-background': '#0a0a0a66',
  '--vscode-textPreformat-foreground': '#d7ba7d',
  '--vscode-editor-font-family': 'Menlo, Monaco, "Courier New", monospace',
};

/** Applies a theme through the CSSOM, which the page's CSP allows (inline styles it does not). */
export async function applyTheme(page: Page, variables: Readonly<Record<string, string>> = DARK_PLUS): Promise<void> {
  await page.evaluate((vars) => {
    const doc = (globalThis as unknown as { document: { documentElement: StyleTarget; body: StyleTarget & { classList: { add(c: string): void } } } }).document;
    for (const [name, value] of Object.entries(vars)) doc.documentElement.style.setProperty(name, value);
    doc.body.classList.add('vscode-dark');
    doc.body.style.setProperty('background-color', vars['--vscode-sideBar-background'] ?? '');
  }, variables);
}

interface StyleTarget {
  style: { setProperty(name: string, value: string): void };
}
