/** Reusable pieces of event and RPC schemas. */
import { Type, type TSchema } from '@sinclair/typebox';

/** `{field: {from, to}}` of an update event: the fields that changed, before and after. */
export const ChangesSchema = Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }, { additionalProperties: false }));

/** `schema | null`: a field that is always present but may be empty. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
