// The document outline and the code lenses over datastores.

import type { AnalysisResult } from '../analysis/analyze';
import type { Span } from '../model/design';
import { summaryLine } from './describe';

export interface OutlineNode {
  name: string;
  detail?: string;
  kind: 'system' | 'section' | 'datastore' | 'component' | 'region';
  span: Span;
  selection: Span;
  children: OutlineNode[];
}

export function outline(result: AnalysisResult): OutlineNode[] {
  const { design, analyses } = result;
  const nodes: OutlineNode[] = [];
  if (design.system)
    nodes.push({
      name: design.system.value,
      kind: 'system',
      detail: design.description?.value,
      span: design.system.span,
      selection: design.system.span,
      children: [],
    });
  if (design.regionsKeySpan && design.regions.length) {
    const last = design.regions[design.regions.length - 1].span;
    nodes.push({
      name: 'regions',
      kind: 'section',
      span: { start: design.regionsKeySpan.start, end: last.end },
      selection: design.regionsKeySpan,
      children: design.regions.map((r) => ({ name: r.name, kind: 'region', span: r.span, selection: r.span, children: [] })),
    });
  }
  const section = (name: string, keySpan: Span | undefined, children: OutlineNode[]) => {
    if (!keySpan) return;
    const end = children.length ? Math.max(...children.map((c) => c.span.end)) : keySpan.end;
    nodes.push({ name, kind: 'section', span: { start: keySpan.start, end }, selection: keySpan, children });
  };
  section(
    'datastores',
    design.datastoresKeySpan,
    design.datastores.map((ds) => {
      const f = analyses.get(ds.name)?.ds === ds ? analyses.get(ds.name)?.facts : undefined;
      return {
        name: ds.name,
        kind: 'datastore',
        detail: f ? summaryLine(f) : undefined,
        span: ds.span,
        selection: ds.nameSpan,
        children: [],
      };
    }),
  );
  section(
    'components',
    design.componentsKeySpan,
    design.components.map((c) => ({
      name: c.name,
      kind: 'component',
      detail: c.choice ? `chose ${c.choice.value}` : undefined,
      span: c.span,
      selection: c.nameSpan,
      children: [],
    })),
  );
  return nodes;
}

export interface Lens {
  span: Span;
  title: string;
  /** `simulate` lenses open the simulator on that datastore. */
  action?: { kind: 'simulate'; datastore: string };
}

export function codeLenses(result: AnalysisResult): Lens[] {
  const lenses: Lens[] = [];
  for (const ds of result.design.datastores) {
    const a = result.analyses.get(ds.name);
    const f = a?.ds === ds ? a.facts : undefined;
    lenses.push({ span: ds.nameSpan, title: f ? summaryLine(f) : 'not derivable: fix the problems in this entry' });
    lenses.push({ span: ds.nameSpan, title: 'Simulate', action: { kind: 'simulate', datastore: ds.name } });
  }
  return lenses;
}
