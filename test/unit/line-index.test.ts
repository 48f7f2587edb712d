import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core/text/line-index';

describe('LineIndex', () => {
  it('maps offsets to positions and back over LF, CRLF and CR line ends', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 4);
    for (let o = 0; o <= text.length; o++) {
      const p = idx.positionAt(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // inside a CRLF pair
      assert.equal(idx.offsetAt(p), o, `offset ${o}`);
    }
    assert.deepEqual(idx.positionAt(text.indexOf('e')), { line: 2, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('g')), { line: 3, character: 0 });
    assert.equal(idx.lineText(1), 'cd');
  });

  it('counts UTF-16 code units, as LSP does', () => {
    const idx = new LineIndex('é😀x');
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 });
  });

  it('clamps out-of-range input', () => {
    const idx = new LineIndex('a\nb');
    assert.deepEqual(idx.positionAt(99), { line: 1, character: 1 });
    assert.equal(idx.offsetAt({ line: 9, character: 0 }), 3);
    // LSP: a character past the line's length means the line's length.
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 1);
  });

  it('an offset inside a CRLF pair is the end of that line, never past it', () => {
    const text = 'a: "b\r\nc"d';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(text.indexOf('\n')), { line: 0, character: 5 });
    assert.deepEqual(idx.positionAt(text.indexOf('\r')), { line: 0, character: 5 });
    assert.equal(idx.offsetAt({ line: 0, character: 6 }), 5);
  });
});
