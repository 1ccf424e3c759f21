/** A flat copy of a string is the same string. */
import fc from 'fast-check';
import { flatString } from '../../../src/core/flat-string';

describe('flatString', () => {
  it('gives back exactly the text it was given', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => expect(flatString(text)).toBe(text)));
    const lone = `a${'\ud800'}b`;
    expect(flatString(lone)).toBe(lone);
  });
});
