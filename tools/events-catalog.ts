/**
 * `npm run docs:events` — rewrites the table in docs/events.md from the event registry in
 * libs/contracts, so the catalog cannot drift from the code (a unit test checks it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_DEFINITIONS, internalFields } from '@steward/contracts';

export function catalogTable(): string {
  const rows = [...EVENT_DEFINITIONS.values()].map((d) => {
    const internal = internalFields(d);
    const fields = Object.keys((d.schema as unknown as { properties: Record<string, unknown> }).properties)
      .map((field) => (internal.includes(field) ? `${field} (internal)` : field))
      .join(', ');
    return `| \`${d.type}\` | ${d.context} | \`${d.audit.action}\` | ${d.dataversion} | ${fields} | ${d.description} |`;
  });
  return ['| type | context | audit action | data version | data fields | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export const CATALOG_FILE = path.resolve(__dirname, '../docs/events.md');
const START = '<!-- catalog:start -->';
const END = '<!-- catalog:end -->';

export function renderCatalog(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${CATALOG_FILE} lacks the ${START} … ${END} markers`);
  return `${current.slice(0, start + START.length)}\n${catalogTable()}\n${current.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(CATALOG_FILE, renderCatalog(readFileSync(CATALOG_FILE, 'utf8')));
  process.stdout.write(`wrote ${path.relative(process.cwd(), CATALOG_FILE)}\n`);
}
