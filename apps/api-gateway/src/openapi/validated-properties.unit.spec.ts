import { getMetadataStorage, IsArray, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ArrayMaxSize, ArrayUnique } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validatedPropertyOptions } from './validated-properties';

class Sample {
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  name!: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  count?: number;

  @IsArray()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(['a', 'b'], { each: true })
  letters!: string[];

  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn(['x', 'y'])
  choice?: string;
}

function optionsOf(property: keyof Sample) {
  const validators = (getMetadataStorage().getTargetValidationMetadatas(Sample, '', true, false) as ValidationMetadata[]).filter((m) => m.propertyName === property);
  return validatedPropertyOptions(validators);
}

describe('validatedPropertyOptions (class-validator rules → OpenAPI schema keywords)', () => {
  it('describes strings with their bounds, and what is required', () => {
    expect(optionsOf('name')).toEqual({ type: 'string', minLength: 1, maxLength: 20, required: true });
    expect(optionsOf('email')).toEqual({ type: 'string', format: 'email', required: false });
  });

  it('describes integers with their range', () => {
    expect(optionsOf('count')).toEqual({ type: 'integer', minimum: 1, maximum: 9, required: false });
  });

  it('describes arrays, with the rules of each item on `items`', () => {
    expect(optionsOf('letters')).toEqual({ type: 'array', maxItems: 3, uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] }, required: true });
  });

  it('treats ValidateIf as optional, and types an enum by its values', () => {
    expect(optionsOf('choice')).toEqual({ type: 'string', enum: ['x', 'y'], required: false });
  });
});
