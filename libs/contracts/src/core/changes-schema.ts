import { Type } from '@sinclair/typebox';

/** `{field: {from, to}}` of an update event: the fields that changed, before and after. */
export const ChangesSchema = Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }, { additionalProperties: false }));
