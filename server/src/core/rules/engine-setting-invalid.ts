// Diagnostic: engine-setting-invalid — a combination of native settings the engine rejects or cannot satisfy.

import { finding } from './findings';
import { defineRule } from './rule';
import { settingChangeFix } from './setting-edits';

export const engineSettingInvalid = defineRule({
  id: 'engine-setting-invalid',
  severity: 'error',
  summary:
    'A combination of engine settings the engine rejects or cannot satisfy (e.g. a strongly consistent read on a DynamoDB global secondary index).',
  check(ctx) {
    const { ds, analysis } = ctx;
    return analysis.engineProblems.map((p) => {
      const written =
        p.setting && ds.settings && Object.hasOwn(ds.settings.value, p.setting) ? ds.settings.value[p.setting] : undefined;
      const span = written?.span ?? ds.settings?.keySpan ?? ds.engine?.span ?? ds.nameSpan;
      return finding('engine-setting-invalid', span, p.message, { fixes: settingChangeFix(ctx, p.fix, true) });
    });
  },
});
