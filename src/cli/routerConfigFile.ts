// The CLI's router configuration: the JSON file --config (or $BATON_CONFIG) names, with the
// same shape as the extension's settings. Without one there are no providers.
import { readFileSync } from 'node:fs';
import { parseRouterConfig } from '../core/routing/routerConfigParser';
import type { RouterConfig } from '../core/routing/routerConfig';
import { isObject } from '../core/routing/configReader';
import { UserFacingError } from '../core/errors';

export function configPath(option: string | undefined, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = option ?? environment.BATON_CONFIG;
  return path === undefined || path.trim() === '' ? undefined : path;
}

/** Reads and checks the file once; every problem is reported with its path in the JSON. */
export function loadRouterConfig(path: string | undefined): RouterConfig {
  if (path === undefined) return parseRouterConfig({}, 'the configuration');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFacingError(code === 'ENOENT' ? `The config file ${path} does not exist. Give --config the path of a JSON file with "providers", "routing" and "budgets".` : `Cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(`The config file ${path} is not valid JSON (${(error as Error).message}). Fix it and try again.`);
  }
  if (!isObject(raw)) throw new UserFacingError(`The config file ${path} must hold one JSON object with "providers", "routing" and "budgets".`);
  const unknown = Object.keys(raw).filter((key) => !['providers', 'routing', 'budgets'].includes(key));
  const checked = parseRouterConfig({ providers: raw.providers, routing: raw.routing, budgets: raw.budgets }, `The config file ${path}`);
  if (unknown.length > 0) throw new UserFacingError(`The config file ${path} has unknown top-level keys: ${unknown.join(', ')} (known: providers, routing, budgets).`);
  return checked;
}
