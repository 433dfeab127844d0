/**
 * An article's metadata from its Markdown front matter (core/article/frontMatter.ts): scalars as
 * text, lists joined, nested maps skipped, and hostile front matter refused with a reason.
 */

import * as assert from 'node:assert/strict';
import { frontMatterMeta, frontMatterOf, MAX_FRONT_MATTER } from '../../server/src/core';

describe('front matter metadata', () => {
  it('reads scalars as text and joins lists', () => {
    const text = [
      '---',
      'outlet: Hamburger Abendblatt',
      'published: 2026-03-11',
      'page: 3',
      'online: true',
      'authors: [Anna Berg, Jonas Kern]',
      'tags:',
      '  - Verkehr',
      '  - Hamburg',
      'empty:',
      '---',
      'Der Text.',
    ].join('\n');
    assert.deepEqual(frontMatterMeta(text), {
      meta: {
        outlet: 'Hamburger Abendblatt',
        // The YAML 1.2 core schema keeps a date as it is written.
        published: '2026-03-11',
        page: '3',
        online: 'true',
        authors: 'Anna Berg, Jonas Kern',
        tags: 'Verkehr, Hamburg',
      },
    });
  });

  it('skips nested maps, aliases and keys that are no text', () => {
    const text = '---\nplace: {city: Hamburg}\nbase: &b Kiel\ncopy: *b\n__proto__: x\n? [a, b]\n: c\nok: yes\n---\n';
    assert.deepEqual(frontMatterMeta(text), { meta: { base: 'Kiel', ok: 'yes' } });
  });

  it('gives nothing for a text without front matter, and the prose starts after it', () => {
    assert.deepEqual(frontMatterMeta('Ein Text.\n---\na: b\n---\n'), { meta: {} });
    const text = '---\r\na: b\r\n...\r\nProse';
    const block = frontMatterOf(text)!;
    assert.equal(text.slice(block.end), 'Prose');
    assert.equal(text.slice(block.body.start, block.body.end), 'a: b');
  });

  it('says why front matter cannot be read, and reads nothing from it', () => {
    assert.match(frontMatterMeta('---\na: [b\n---\n').problem ?? '', /not valid YAML/u);
    assert.match(frontMatterMeta('---\n- a\n- b\n---\n').problem ?? '', /not a mapping/u);
    assert.match(frontMatterMeta(`---\na: ${'['.repeat(5000)}\n---\n`).problem ?? '', /nests too deeply/u);
    const long = `---\na: ${'x'.repeat(MAX_FRONT_MATTER)}\n---\n`;
    assert.deepEqual(frontMatterMeta(long), {
      meta: {},
      problem: `its front matter is longer than ${MAX_FRONT_MATTER / 1024} KB`,
    });
  });
});
