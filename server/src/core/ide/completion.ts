// Completion: keys from the schema (minus those already written), enum values, engine names and native
// settings, and datastore and region names where they are referenced.

import type { AnalysisResult } from '../analysis/analyze';
import { allEngines, findEngine } from '../engines/registry';
import type { Span } from '../model/design';
import { enumValues, keyedProperties, resolveSchema, schemaAtPath, type SchemaNode } from '../model/schema';
import { siblingKeys, yamlPositionAt } from './yaml-position';
import { own } from '../text/own';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'reference';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** The text the entry replaces (the partial word being typed). */
  replace?: Span;
}

export function completionsAt(result: AnalysisResult, text: string, offset: number): CompletionEntry[] {
  const pos = yamlPositionAt(text, offset);
  if (pos.on === 'new-key' || pos.on === 'key') {
    const parentPath = pos.on === 'key' ? pos.path.slice(0, -1) : pos.path;
    return keyCompletions(result, text, offset, parentPath, pos.indent, pos.keySpan);
  }
  if (pos.on === 'value') return valueCompletions(result, pos.path, pos.valueSpan);
  return [];
}

function keyCompletions(
  result: AnalysisResult,
  text: string,
  offset: number,
  parentPath: string[],
  indent: number,
  replace: Span | undefined,
): CompletionEntry[] {
  // Keys under a component's `uses:` are datastore names; under `placement:` region names.
  const last = parentPath[parentPath.length - 1];
  if (parentPath[0] === 'components' && last === 'uses') {
    return result.design.datastores.map((d) => ({
      label: d.name,
      kind: 'reference',
      detail: 'datastore',
      insertText: `${d.name}: `,
      replace,
    }));
  }
  if (parentPath[0] === 'datastores' && last === 'placement') {
    return result.design.regions.map((r) => ({
      label: r.name,
      kind: 'reference',
      detail: 'region',
      insertText: `${r.name}: `,
      replace,
    }));
  }
  if (parentPath[0] === 'datastores' && parentPath.length === 3 && last === 'settings') {
    const ds = result.design.datastores.find((d) => d.name === parentPath[1]);
    const engine = ds?.engine ? findEngine(ds.engine.value) : undefined;
    const present = siblingKeys(text, offset, indent);
    return Object.entries(engine?.settings ?? {})
      .filter(([k]) => !present.has(k))
      .map(([k, s]) => ({
        label: k,
        kind: 'key',
        detail: `${engine!.displayName} setting`,
        documentation: s.description,
        insertText: `${k}: `,
        replace,
      }));
  }
  const schema = schemaAtPath(parentPath);
  if (!schema) return [];
  const present = siblingKeys(text, offset, indent);
  return Object.entries(keyedProperties(schema))
    .filter(([k]) => !present.has(k))
    .map(([k, s]) => {
      const child = resolveSchema(s);
      const detail = child.type ? String(child.type) : undefined;
      return {
        label: k,
        kind: 'key',
        detail,
        documentation: child.description,
        insertText: keyInsertText(k, child, indent),
        replace,
      };
    });
}

/** `key: ` for a value on the line; a map's key opens a block, a list of maps' key its first item. */
function keyInsertText(key: string, schema: SchemaNode, indent: number): string {
  const below = ' '.repeat(indent + 2);
  if (schema.type === 'object' || (schema.properties && !schema.oneOf)) return `${key}:\n${below}`;
  const items = schema.type === 'array' && schema.items ? resolveSchema(schema.items) : undefined;
  if (items?.type === 'object') return `${key}:\n${below}- `;
  return `${key}: `;
}

function valueCompletions(result: AnalysisResult, path: string[], replace: Span | undefined): CompletionEntry[] {
  const last = path[path.length - 1];
  if (path[0] === 'scenarios') {
    // Scenario values that name parts of the design (see docs/scenarios.md).
    const datastores = result.design.datastores.map(
      (d): CompletionEntry => ({ label: d.name, kind: 'reference', detail: 'datastore', insertText: d.name, replace }),
    );
    const regions = result.design.regions.map(
      (r): CompletionEntry => ({ label: r.name, kind: 'reference', detail: 'region', insertText: r.name, replace }),
    );
    if (last === 'datastore') return datastores;
    if (last === 'region') return regions;
    if (last === 'isolate') return [...regions, ...datastores];
    // Everything else (sides, phases, verdicts, options) is the schema's.
  }
  if (path[0] === 'datastores' && path.length === 3 && last === 'engine') {
    return allEngines().map((e) => ({
      label: e.id,
      kind: 'value',
      detail: `${e.usualCap} · ${e.usualPacelc}`,
      documentation: e.summary,
      insertText: e.id,
      replace,
    }));
  }
  if (path[0] === 'datastores' && path.length === 4 && path[2] === 'settings') {
    const ds = result.design.datastores.find((d) => d.name === path[1]);
    const engine = ds?.engine ? findEngine(ds.engine.value) : undefined;
    const spec = own(engine?.settings, last);
    return (spec?.values ?? []).map((v) => ({
      label: String(v),
      kind: 'value',
      documentation: own(spec?.valueDocs, String(v)) ?? spec?.description,
      insertText: String(v),
      replace,
    }));
  }
  const schema = schemaAtPath(path);
  if (!schema) return [];
  return enumValues(schema).map((e) => ({
    label: e.value,
    kind: 'value',
    documentation: e.description,
    insertText: e.value,
    replace,
  }));
}
