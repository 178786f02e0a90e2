// The extension manifest's `contributes` section, built from the rule registry so settings can never drift
// from the rules. `node --import tsx scripts/manifest.ts --write` updates package.json; a unit test checks it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, RULE_NAMES, ruleDocsUrl } from '../server/src/core/rules/registry';

export const ACTIVATION_EVENTS = [
  'onLanguage:cap-yaml',
  'onLanguage:jepsen-history',
  'onLanguage:markdown',
  'onLanguage:mdx',
  'onWebviewPanel:capLens.simulator',
];

export function contributes(): Record<string, unknown> {
  const ruleSettings: Record<string, unknown> = {};
  for (const name of RULE_NAMES) {
    ruleSettings[`capLens.rules.${name}`] = {
      type: 'string',
      enum: ['error', 'warning', 'info', 'off'],
      markdownDescription: `${RULES[name].summary} Default: \`${RULES[name].severity}\`. [Rule page](${ruleDocsUrl(name)})`,
      scope: 'resource',
    };
  }
  return {
    languages: [
      {
        id: 'cap-yaml',
        aliases: ['CAP design', 'cap-yaml'],
        filenamePatterns: ['*.cap.yaml', '*.cap.yml'],
        configuration: './language-configuration.json',
      },
      {
        // Jepsen histories by name only: other .log, .edn and .txt files are opened as histories when their
        // content holds Jepsen operations (client/src/history/detect.ts), never by extension alone.
        id: 'jepsen-history',
        aliases: ['Jepsen history', 'jepsen-history'],
        filenames: ['history.edn', 'history.txt'],
        filenamePatterns: ['*.jepsen.edn', '*.jepsen.log', '*.history.edn'],
      },
    ],
    grammars: [
      { language: 'cap-yaml', scopeName: 'source.cap-yaml', path: './syntaxes/cap-yaml.tmLanguage.json' },
      // ```cap-yaml fences in Markdown, highlighted as YAML (and known to the editor as embedded cap-yaml).
      {
        scopeName: 'markdown.cap-yaml.codeblock',
        path: './syntaxes/cap-yaml-markdown-injection.tmLanguage.json',
        injectTo: ['text.html.markdown'],
        embeddedLanguages: { 'meta.embedded.block.cap-yaml': 'cap-yaml' },
      },
    ],
    // The Markdown preview's review cards: VS Code calls the extension's `extendMarkdownIt`.
    'markdown.markdownItPlugins': true,
    commands: [
      { command: 'capLens.newDesign', title: 'New Design', category: 'CAP Lens' },
      { command: 'capLens.restartServer', title: 'Restart Language Server', category: 'CAP Lens' },
      { command: 'capLens.openSimulator', title: 'Open Simulator', category: 'CAP Lens', icon: '$(play)' },
      { command: 'capLens.showOutput', title: 'Show Output', category: 'CAP Lens' },
      { command: 'capLens.showHistoryTimeline', title: 'Show History Timeline', category: 'CAP Lens', icon: '$(graph-line)' },
      { command: 'capLens.checkAsJepsenHistory', title: 'Check as Jepsen History', category: 'CAP Lens' },
      { command: 'capLens.compareWith', title: 'Compare with …', category: 'CAP Lens', icon: '$(git-compare)' },
      { command: 'capLens.openLocation', title: 'Open Location', category: 'CAP Lens' },
    ],
    menus: {
      'editor/title': [
        { command: 'capLens.openSimulator', when: 'resourceLangId == cap-yaml', group: 'navigation' },
        { command: 'capLens.showHistoryTimeline', when: 'resourceLangId == jepsen-history', group: 'navigation' },
      ],
      commandPalette: [
        { command: 'capLens.openSimulator', when: 'editorLangId == cap-yaml' },
        { command: 'capLens.restartServer', when: 'editorLangId == cap-yaml || editorLangId == jepsen-history' },
        { command: 'capLens.showHistoryTimeline', when: 'editorLangId == jepsen-history' },
        {
          command: 'capLens.checkAsJepsenHistory',
          when: 'editorIsOpen && editorLangId != jepsen-history && editorLangId != cap-yaml',
        },
        // Only the compare panel's links run it, with their arguments.
        { command: 'capLens.openLocation', when: 'false' },
      ],
    },
    configuration: {
      title: 'CAP Lens',
      properties: {
        'capLens.diagnosticsDelay': {
          type: 'number',
          default: 10,
          minimum: 0,
          maximum: 2000,
          description: 'Milliseconds of quiet typing before diagnostics are recomputed.',
        },
        'capLens.detectJepsenHistories': {
          type: 'boolean',
          default: true,
          markdownDescription:
            'Open `.log`, `.edn` and `.txt` files as Jepsen histories (and check them for linearizability) when their first lines hold Jepsen operations. `history.edn`, `history.txt`, `*.jepsen.edn` and `*.jepsen.log` are always histories.',
          scope: 'resource',
        },
        ...ruleSettings,
      },
    },
  };
}

/** The rule table of README.md, between `<!-- rules:start -->` and `<!-- rules:end -->`. */
export function readmeRuleTable(): string {
  const rows = RULE_NAMES.map(
    (name) => `| [\`${name}\`](docs/rules/${name}.md) | ${RULES[name].severity} | ${RULES[name].summary} |`,
  );
  return ['| rule | default | what it reports |', '|---|---|---|', ...rows].join('\n');
}

export function withReadmeRuleTable(readme: string): string {
  return readme.replace(
    /<!-- rules:start -->[\s\S]*?<!-- rules:end -->/,
    `<!-- rules:start -->\n${readmeRuleTable()}\n<!-- rules:end -->`,
  );
}

if (process.argv.includes('--write')) {
  const readmePath = join(__dirname, '..', 'README.md');
  writeFileSync(readmePath, withReadmeRuleTable(readFileSync(readmePath, 'utf8')));
  const path = join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.contributes = contributes();
  // For CAP designs, Jepsen histories and Markdown (which may hold design fences; the language server starts only
  // when one does), and to restore an open simulator panel after a window reload.
  pkg.activationEvents = ACTIVATION_EVENTS;
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log('package.json contributes updated');
}
