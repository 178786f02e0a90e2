// Diagnostic: lww-drops-writes — last-write-wins where concurrent writes can both be acknowledged (2W ≤ N),
// while the design claims no acknowledged write is lost or a component needs more than eventual consistency.

import type { Component, ComponentUse } from '../model/design';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const lwwDropsWrites = defineRule({
  id: 'lww-drops-writes',
  severity: 'warning',
  summary:
    'Last-write-wins silently drops concurrent writes, while the design claims no write is lost or a component needs to see them.',
  check({ ds, facts, open }) {
    const model = facts?.model;
    const v = open('loss_free');
    if (!model || !v || model.writeLoss?.cause !== 'last-write-wins') return [];
    return [
      finding('lww-drops-writes', v.span, lossFreeMessage(ds.name, model.writeLoss.reason), {
        related: ds.conflicts ? [{ span: ds.conflicts.span, message: 'conflicts: last-write-wins' }] : [],
        claims: ['loss_free'],
      }),
    ];
  },
  checkDesign({ design, analyses }) {
    const out: Finding[] = [];
    const needsByStore = new Map<string, { c: Component; u: ComponentUse }[]>();
    for (const c of design.components)
      for (const u of c.uses) {
        if (!u.needs || u.needs.value === 'eventual') continue;
        const list = needsByStore.get(u.datastore) ?? [];
        list.push({ c, u });
        needsByStore.set(u.datastore, list);
      }
    for (const ds of design.datastores) {
      const model = analyses.get(ds.name)?.model;
      if (!model || !ds.conflicts || model.writeLoss?.cause !== 'last-write-wins') continue;
      const needing = needsByStore.get(ds.name) ?? [];
      if (needing.length === 0) continue;
      const needs = needing.map(({ c, u }) => ({ span: u.span, message: `'${c.name}' needs ${u.needs!.value}` }));
      const message = neededWritesMessage(
        ds.name,
        model,
        needs.map((x) => x.message),
      );
      out.push(finding('lww-drops-writes', ds.conflicts.span, message, { related: needs }));
    }
    return out;
  },
});

/** On `loss_free: true`: the engine's or the settings' own reason writes are lost. */
function lossFreeMessage(store: string, reason: string): string {
  return `'${store}' claims no acknowledged write is lost, but ${reason}`;
}

/** On `conflicts: last-write-wins`: what a component that needs more than eventual consistency would miss. */
function neededWritesMessage(store: string, { n, w }: { n: number; w: number }, needs: readonly string[]): string {
  const concurrent = `2W = ${2 * w} ≤ N = ${n} lets two writes be acknowledged concurrently on disjoint replicas`;
  return `'${store}' resolves conflicts by last-write-wins while ${concurrent}: the one with the older timestamp is silently dropped, though ${needs.join(', and ')}.`;
}
