/**
 * @steward/sdk — a typed client for the Steward Admin API, its types generated from the OpenAPI
 * document (docs/openapi.json). Standalone: it imports nothing from the rest of the repository.
 * Guide: docs/sdk.md.
 */
import type { components } from './generated/schema';

export { Steward, PageIterator } from './client';
export type { CallOptions, HttpMethod, ItemOf, ListPath, Operation, Page, PathsFor, RequestOptions, ResponseBody, StewardOptions } from './client';
export { StewardConnectionError, StewardError } from './errors';
export type { ErrorCode, ErrorDetail } from './errors';
export { DEFAULT_RETRY } from './retry';
export type { RetryOptions } from './retry';
export type { components, operations, paths } from './generated/schema';

/** Every schema of the API by name: `Schemas['User']`. */
export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Invitation = Schemas['Invitation'];
export type Role = Schemas['Role'];
export type Manager = Schemas['Manager'];
export type Workspace = Schemas['Workspace'];
export type WorkspaceTreeNode = Schemas['WorkspaceTreeNode'];
export type WorkspaceMember = Schemas['WorkspaceMember'];
export type Template = Schemas['Template'];
export type ApiKey = Schemas['ApiKey'];
export type Destination = Schemas['Destination'];
export type AuditEntry = Schemas['AuditEntry'];
export type Job = Schemas['Job'];
export type CloudEvent = Schemas['CloudEvent'];
