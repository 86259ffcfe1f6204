// A local ESLint plugin with one rule, `baton/layer-imports`, that enforces the layer table of
// shared/ARCHITECTURE.md ("Layers and who may import whom"). The table itself lives in
// eslint.config.mjs as the rule's options; this file only applies it.
//
// For every import, export-from, dynamic import(), require() and `import x = require()` of the
// linted file, the rule resolves the specifier:
//   - relative or absolute: to a repo-relative path (tried as given, then with .ts, /index.ts,
//     and .js -> .ts), whose layer is the first layer with a matching path glob;
//   - `vscode`, a Node built-in (`node:*` or a name of `builtinModules`) or any other bare
//     specifier (an npm package).
// It then checks the target against the layer of the linted file. Because relative imports are
// resolved, `./host/settings` from src/cli.ts is caught just like `../host/settings` would be.
import { existsSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules.flatMap((name) => [name, name.split('/')[0]]));

/** Converts a path glob with `**` and `*` (and nothing fancier) to an anchored RegExp. */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      // `a/**` matches everything below a/; `**/b` matches b in any folder.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Where a specifier points: a repo file, `vscode`, a Node built-in or an npm package. */
export function classifySpecifier(specifier, fromFile, root) {
  if (specifier === 'vscode' || specifier.startsWith('vscode/')) return { kind: 'vscode', specifier };
  if (specifier.startsWith('node:') || builtins.has(specifier)) return { kind: 'builtin', specifier };
  const isRelative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (!isRelative && !path.isAbsolute(specifier)) return { kind: 'package', specifier };
  const absolute = resolveFile(path.resolve(path.dirname(fromFile), specifier));
  return { kind: 'file', path: toRepoPath(absolute, root) };
}

function isFile(file) {
  return existsSync(file) && statSync(file).isFile();
}

/** The file a path imports: as given, with .ts, as a folder's index.ts, or .js mapped to .ts. */
function resolveFile(absolute) {
  const candidates = [absolute, `${absolute}.ts`, path.join(absolute, 'index.ts')];
  if (/\.[cm]?js$/.test(absolute)) candidates.push(absolute.replace(/\.([cm]?)js$/, '.$1ts'));
  return candidates.find(isFile) ?? absolute;
}

/** Repo-relative with forward slashes, or null when outside the repository. */
function toRepoPath(absolute, root) {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

function compileLayers(layers) {
  return layers.map((layer) => ({ ...layer, patterns: layer.files.map(globToRegExp) }));
}

function layerOf(repoPath, layers) {
  if (repoPath === null) return null;
  return layers.find((layer) => layer.patterns.some((pattern) => pattern.test(repoPath))) ?? null;
}

const joinAnd = (items) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]);

/** The layer's row of the table, in words: "core may import core and shared only". */
function describe(layer) {
  const extras = [layer.nodeBuiltins && 'Node built-ins', layer.packages && 'npm packages', layer.vscode && '`vscode`'].filter(Boolean);
  if (layer.may) {
    const allowed = [...layer.may, ...extras];
    return allowed.length === 0 ? `${layer.name} may import nothing` : `${layer.name} may import ${joinAnd(allowed)}${extras.length ? '' : ' only'}`;
  }
  const missing = [!layer.vscode && '`vscode`', !layer.nodeBuiltins && 'Node built-ins', !layer.packages && 'npm packages'].filter(Boolean);
  return `${layer.name} may import anything but ${joinAnd([...layer.mayNot, ...missing])}`;
}

/** Why `target` may not be imported by a file of `layer`, or null when it may. */
function violation(layer, target, layers) {
  switch (target.kind) {
    case 'vscode':
      return layer.vscode ? null : "'vscode'";
    case 'builtin':
      return layer.nodeBuiltins ? null : `'${target.specifier}' (a Node built-in)`;
    case 'package':
      return layer.packages ? null : `'${target.specifier}' (an npm package)`;
    case 'file': {
      const targetLayer = layerOf(target.path, layers);
      const name = targetLayer?.name ?? null;
      const allowed = layer.may ? name !== null && layer.may.includes(name) : !layer.mayNot.includes(name);
      return allowed ? null : (target.path ?? 'files outside the repository');
    }
    default:
      return null;
  }
}

function staticString(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node.type === 'TSLiteralType') return staticString(node.literal);
  return null;
}

const layerSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    files: { type: 'array', items: { type: 'string' }, minItems: 1 },
    may: { type: 'array', items: { type: 'string' } },
    mayNot: { type: 'array', items: { type: 'string' } },
    vscode: { type: 'boolean' },
    nodeBuiltins: { type: 'boolean' },
    packages: { type: 'boolean' },
  },
  required: ['name', 'files'],
  oneOf: [{ required: ['may'] }, { required: ['mayNot'] }],
  additionalProperties: false,
};

const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer table of ARCHITECTURE.md on resolved import targets.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: layerSchema },
          mustBeLayered: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{from}} may not import {{target}}: {{rule}} (see ARCHITECTURE.md).',
      unlayered: '{{from}} is in no layer of ARCHITECTURE.md: move it into one of the layer folders.',
    },
  },
  create(context) {
    const { root, layers: rawLayers, mustBeLayered = [] } = context.options[0];
    const layers = compileLayers(rawLayers);
    const from = toRepoPath(context.filename, root);
    if (from === null) return {};
    const layer = layerOf(from, layers);
    if (!layer) {
      if (!mustBeLayered.map(globToRegExp).some((pattern) => pattern.test(from))) return {};
      return {
        Program(node) {
          context.report({ node, messageId: 'unlayered', data: { from } });
        },
      };
    }

    function check(sourceNode) {
      const specifier = staticString(sourceNode);
      if (specifier === null) return;
      const target = classifySpecifier(specifier, context.filename, root);
      const forbidden = violation(layer, target, layers);
      if (forbidden !== null) {
        context.report({ node: sourceNode, messageId: 'forbidden', data: { from, target: forbidden, rule: describe(layer) } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression);
      },
      TSImportType: (node) => check(node.source ?? node.argument),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0) check(node.arguments[0]);
      },
    };
  },
};

export default {
  meta: { name: 'baton-layers' },
  rules: { 'layer-imports': layerImports },
};
