import { entryId } from '../../../src/activemq-xml/entry-id';

describe('entryId', () => {
  it('names an entry by type and pattern', () => {
    expect(entryId('queue', 'ORDERS.>', [])).toBe('queue://ORDERS.>');
    expect(entryId('topic', 'ORDERS.>', ['queue://ORDERS.>'])).toBe('topic://ORDERS.>');
  });

  it('suffixes #2, #3 on duplicates, from an array or a set', () => {
    expect(entryId('queue', '>', ['queue://>'])).toBe('queue://>#2');
    expect(entryId('queue', '>', new Set(['queue://>', 'queue://>#2']))).toBe('queue://>#3');
  });
});
