import { readFileSync } from 'node:fs';
import { CATALOG_FILE, renderCatalog } from './events-catalog';

describe('docs/events.md', () => {
  it('lists every registered event type as the registry defines it (run `npm run docs:events` to update)', () => {
    const current = readFileSync(CATALOG_FILE, 'utf8');
    expect(renderCatalog(current)).toBe(current);
  });
});
