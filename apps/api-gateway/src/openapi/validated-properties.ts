import { ApiProperty, DECORATORS, type ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Constructor = abstract new (...args: never[]) => unknown;
type Schema = Record<string, unknown>;

/**
 * What a validator says about its property, as OpenAPI schema keywords. Only the validators the
 * gateway's DTOs use are known; an unknown one fails the document build (so a new validator is
 * described here before it can silently go undocumented).
 */
function keywordsOf(metadata: ValidationMetadata): { value?: Schema; array?: Schema } {
  const [first] = (metadata.constraints ?? []) as unknown[];
  switch (metadata.name) {
    case 'isString':
      return { value: { type: 'string' } };
    case 'isNotEmpty':
      return { value: { minLength: 1 } };
    case 'maxLength':
      return { value: { maxLength: first } };
    case 'minLength':
      return { value: { minLength: first } };
    case 'isEmail':
      return { value: { type: 'string', format: 'email' } };
    case 'isIso8601':
      return { value: { type: 'string', format: 'date-time' } };
    case 'isIp':
      return { value: { type: 'string', format: 'ip' } };
    case 'isBoolean':
      return { value: { type: 'boolean' } };
    case 'isInt':
      return { value: { type: 'integer' } };
    case 'min':
      return { value: { minimum: first } };
    case 'max':
      return { value: { maximum: first } };
    case 'isIn':
      return { value: { enum: [...(first as unknown[])] } };
    case 'isArray':
      return { array: {} };
    case 'arrayMaxSize':
      return { array: { maxItems: first } };
    case 'arrayMinSize':
      return { array: { minItems: first } };
    case 'arrayUnique':
      return { array: { uniqueItems: true } };
    default:
      throw new Error(`validated-properties: no OpenAPI description for the class-validator rule "${metadata.name}" (${metadata.target instanceof Function ? metadata.target.name : ''}.${metadata.propertyName})`);
  }
}

/** The schema options of one validated property, from its validators alone. */
export function validatedPropertyOptions(validators: ValidationMetadata[]): ApiPropertyOptions {
  let required = true;
  let isArray = false;
  const value: Schema = {};
  const array: Schema = {};
  for (const metadata of validators) {
    // IsOptional (absent or null) and ValidateIf (absent) make a property optional.
    if (metadata.type === 'conditionalValidation') {
      required = false;
      continue;
    }
    if (metadata.type !== 'customValidation') continue;
    const keywords = keywordsOf(metadata);
    if (keywords.array) {
      isArray = true;
      Object.assign(array, keywords.array);
    }
    if (keywords.value) {
      if (metadata.each) isArray = true;
      Object.assign(value, keywords.value);
    }
  }
  if (value.enum && !value.type) value.type = typeof (value.enum as unknown[])[0] === 'number' ? 'number' : 'string';
  if (value.type !== 'string') {
    delete value.minLength; // IsNotEmpty on a non-string means "present", which `required` says.
  }
  if (!isArray) return { ...value, required } as ApiPropertyOptions;
  return { ...array, type: 'array', items: value, required } as ApiPropertyOptions;
}

const DOCUMENTATION_KEYS = ['description', 'example', 'examples', 'default', 'nullable', 'deprecated', 'title'] as const;

/**
 * The request DTOs' schemas come from the class-validator rules that enforce them: each
 * validated property of every DTO class gets its swagger metadata (type, format, enum, bounds,
 * required) from its validators — what Nest's CLI plugin does at compile time, done at run time
 * so the document cannot disagree with validation. An `@ApiProperty` written on the property
 * adds documentation only (description, example, nullable, default): its validators win on
 * everything else. Idempotent; call before `SwaggerModule.createDocument`.
 */
export function describeValidatedProperties(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: unknown };
  if (!(storage.validationMetadatas instanceof Map)) {
    throw new Error('validated-properties: class-validator metadata storage changed shape (validationMetadatas is not a Map)');
  }
  const byTarget = storage.validationMetadatas as Map<Constructor, ValidationMetadata[]>;
  for (const [target, validators] of byTarget) {
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of validators) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    for (const [property, own] of byProperty) {
      const prototype = target.prototype as object;
      const written = (Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) ?? {}) as Record<string, unknown>;
      const documentation = Object.fromEntries(DOCUMENTATION_KEYS.filter((key) => written[key] !== undefined).map((key) => [key, written[key]]));
      ApiProperty({ ...validatedPropertyOptions(own), ...documentation } as ApiPropertyOptions)(prototype, property);
    }
  }
}
