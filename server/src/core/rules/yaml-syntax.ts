// Diagnostic: yaml-syntax — the file is not valid YAML. Reported by the parser; when it fires the semantic
// rules do not run (taplo's staged diagnostics).

import { defineRule } from './rule';

export const yamlSyntax = defineRule({ id: 'yaml-syntax', severity: 'error', summary: 'The file is not valid YAML.' });
