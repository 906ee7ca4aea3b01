import { Type } from '@sinclair/typebox';
import { defineRpc } from './rpc';
import type { BoundedContext } from './topics';

/** Every service answers `system.ping` on its RPC topic: the gateway's readiness check. */
export const pingRpc = (context: BoundedContext) =>
  defineRpc<{ service: string; ok: true }>()(context, 'system.ping', Type.Object({}, { additionalProperties: false }));
