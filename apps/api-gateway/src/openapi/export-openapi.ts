/**
 * `npm run sdk:generate` (first step) — writes docs/openapi.json, the OpenAPI 3.1 document of
 * the gateway, built from the code without starting anything (a unit test fails when the
 * committed file is stale). The second step (tools/sdk-types.ts) turns it into the SDK's types.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOfflineGateway } from './offline-gateway';
import type { OpenApiDocument } from './openapi-document';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../../docs/openapi.json');

export function renderOpenApiFile(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  void (async () => {
    const gateway = await buildOfflineGateway();
    writeFileSync(OPENAPI_FILE, renderOpenApiFile(gateway.document));
    await gateway.close();
    process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
  })().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  });
}
