// Which fenced blocks of a Markdown file are designs: cap-yaml fences, and yaml fences whose first line is
// `# cap-lens`; ordinary YAML (even YAML that looks like a design), fences inside other fences or HTML comments,
// and indented code are not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDesignFences, mayHoldFences } from '../../../server/src/core/markdown/fences';

const DESIGN = 'system: shop\ndatastores:\n  carts:\n    replicas: 3\n';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('design fences in Markdown', () => {
  it('finds a cap-yaml fence with its opening line, its YAML and its closing line', () => {
    const md = `# Shop\n\nProse.\n\n\`\`\`cap-yaml\n${DESIGN}\`\`\`\n\nMore prose.\n`;
    const [f, ...rest] = findDesignFences(md);
    assert.equal(rest.length, 0);
    assert.equal(f.marker, 'cap-yaml');
    assert.equal(slice(md, f.open), '```cap-yaml');
    assert.equal(slice(md, f.content), DESIGN);
    assert.equal(slice(md, f.close!), '```');
    assert.equal(f.line, 4);
    assert.deepEqual(
      f.keys.map((k) => [k.name, slice(md, k.span), k.block]),
      [
        ['system', 'system', false],
        ['datastores', 'datastores', true],
      ],
    );
  });

  it('accepts tildes, longer fences, attributes after the language, and closes only on a long enough fence', () => {
    const md = `~~~~cap-yaml title="storage"\n${DESIGN}~~~\n  replicas: 5\n~~~~\n`;
    const [f] = findDesignFences(md);
    assert.equal(slice(md, f.content), `${DESIGN}~~~\n  replicas: 5\n`, 'a shorter fence inside does not close it');
  });

  it('runs an unclosed fence to the end of the document, as CommonMark does', () => {
    const md = `Intro\n\`\`\`cap-yaml\n${DESIGN}`;
    const [f] = findDesignFences(md);
    assert.equal(f.close, undefined);
    assert.equal(slice(md, f.content), DESIGN);
  });

  it('recognises a yaml fence whose first line is the comment `# cap-lens`', () => {
    const md = `\`\`\`yaml\n# cap-lens: the storage part\ndatastores:\n  a: {replicas: 3}\n\`\`\`\n`;
    assert.equal(findDesignFences(md)[0]?.marker, 'cap-lens-comment');
    const yml = `\`\`\`YML\n\n# CAP-Lens\ncomponents: {}\n\`\`\`\n`;
    assert.equal(findDesignFences(yml)[0]?.marker, 'cap-lens-comment', 'yml, any case, after a blank line');
  });

  it('ignores ordinary YAML: manifests, CI files, configs that mention the keys but not as a design', () => {
    const ordinary = [
      // A design without the marker: an illustration in a tutorial or a language reference, not a design to check.
      DESIGN,
      // A Kubernetes manifest.
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 3\n',
      // A config with `system:` but no `datastores:`.
      'system: linux\narch: amd64\n',
      // `datastores:` alone (a Grafana-style provisioning file).
      'datastores:\n  - name: prometheus\n    url: http://localhost:9090\n',
      // Both keys, but nested, not at the top level.
      'service:\n  system: shop\n  datastores:\n    carts: {}\n',
      // Both words inside a block scalar.
      'description: |\n  system: shop\n  datastores: none\nname: x\n',
      // The marker comment, but not on the first line.
      'name: ci\n# cap-lens\non: push\n',
      // Commented-out keys.
      '# system: shop\n# datastores:\nname: x\n',
    ];
    for (const yaml of ordinary) {
      assert.deepEqual(findDesignFences(`Example:\n\n\`\`\`yaml\n${yaml}\`\`\`\n`), [], yaml);
    }
    // Other languages never count, whatever they hold.
    assert.deepEqual(
      findDesignFences(
        `\`\`\`json\n{"system": "x", "datastores": {}}\n\`\`\`\n\`\`\`\n${DESIGN}\`\`\`\n\`\`\`text\n# cap-lens\n\`\`\`\n`,
      ),
      [],
    );
  });

  it('skips a design fence shown inside another fence, inside an HTML comment, or as indented code', () => {
    const nested = `\`\`\`\`markdown\nHow to write one:\n\`\`\`cap-yaml\n${DESIGN}\`\`\`\n\`\`\`\`\n`;
    assert.deepEqual(findDesignFences(nested), []);
    const commented = `<!--\n\`\`\`cap-yaml\n${DESIGN}\`\`\`\n-->\n\`\`\`cap-yaml\nsystem: live\n\`\`\`\n`;
    const fences = findDesignFences(commented);
    assert.equal(fences.length, 1);
    assert.equal(fences[0].keys[0].name, 'system');
    assert.equal(slice(commented, fences[0].content), 'system: live\n');
    const indented = `Paragraph.\n\n    \`\`\`cap-yaml\n    ${DESIGN}    \`\`\`\n`;
    assert.deepEqual(findDesignFences(indented), []);
    assert.deepEqual(findDesignFences('A ```cap-yaml``` inline span, and ```cap-yaml`x` too.\n'), []);
  });

  it('finds fences inside list items, keys read at the fence indentation', () => {
    const md = `1. Storage:\n\n   \`\`\`cap-yaml\n   system: shop\n   datastores:\n     a: {replicas: 3}\n   \`\`\`\n- Nested:\n  - item\n\n    \`\`\`cap-yaml\n    components: {}\n    \`\`\`\n`;
    const fences = findDesignFences(md);
    assert.deepEqual(
      fences.map((f) => [f.indent, f.keys.map((k) => k.name)]),
      [
        [3, ['system', 'datastores']],
        [4, ['components']],
      ],
    );
  });

  it('keeps offsets exact with CRLF line breaks', () => {
    const md = 'Intro\r\n```cap-yaml\r\nsystem: a\r\ndatastores:\r\n```\r\n';
    const [f] = findDesignFences(md);
    assert.equal(slice(md, f.content), 'system: a\r\ndatastores:\r\n');
    assert.equal(slice(md, f.keys[1].span), 'datastores');
    assert.equal(slice(md, f.close!), '```');
  });

  it('costs one substring search when there is no fence at all', () => {
    assert.equal(mayHoldFences('# A README\n\nNo code here.\n'), false);
    assert.deepEqual(findDesignFences('# A README\n\nNo code here.\n'), []);
  });
});
