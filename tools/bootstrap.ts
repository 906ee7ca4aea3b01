/**
 * `npm run bootstrap -- --org "Acme" --email owner@acme.test [--name "Owner Name"]`
 *
 * Against a running stack: creates an organization, its owner user and an `admin` API key, and
 * prints exactly one JSON line on stdout. The key's secret is generated here and only its hash
 * travels to key-vault, so it is shown once, on this line, and stored nowhere.
 */
import { parseArgs } from 'node:util';
import {
  DomainError,
  IdentityRpc,
  KeyVaultRpc,
  WorkspaceRpc,
  displayPrefix,
  generateApiKeySecret,
  hashApiKey,
  newId,
  type RequestContext,
} from '@steward/contracts';
import { RpcClient } from '@steward/messaging';
import { Logger } from '@nestjs/common';

// stdout carries exactly one JSON line: keep framework logging off it.
Logger.overrideLogger(false);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { org: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.org || !values.email) {
    process.stderr.write('usage: npm run bootstrap -- --org "Acme" --email owner@acme.test [--name "Owner Name"]\n');
    return 2;
  }
  const rpc = new RpcClient('bootstrap', ['workspace', 'identity', 'key-vault']);
  try {
    const orgId = newId('org');
    const context: RequestContext = { org_id: orgId, actor: { type: 'system', id: 'bootstrap' }, request_id: newId('req') };
    const organization = await rpc.call(WorkspaceRpc.CreateOrganization, { name: values.org }, context);
    const owner = await rpc.call(
      IdentityRpc.CreateUser,
      { name: values.name ?? values.email.split('@')[0], email: values.email, role: 'owner', send_invitation: false, workspace_ids: [] },
      context,
    );
    const secret = generateApiKeySecret();
    await rpc.call(
      KeyVaultRpc.CreateApiKey,
      { name: 'Bootstrap admin key', scopes: ['admin'], secret_hash: hashApiKey(secret), prefix: displayPrefix(secret) },
      context,
    );
    process.stdout.write(`${JSON.stringify({ organization_id: organization.id, user_id: owner.id, api_key: secret })}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof DomainError ? `${error.code}: ${error.message}` : String(error);
    process.stderr.write(`bootstrap failed: ${message}\n(is the stack running? start it with \`npm start\`)\n`);
    return 1;
  } finally {
    await rpc.close().catch(() => undefined);
  }
}

main().then((code) => process.exit(code));
