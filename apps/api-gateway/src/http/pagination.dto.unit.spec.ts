import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LimitQueryDto } from './pagination.dto';

const check = (limit: unknown) => {
  const dto = plainToInstance(LimitQueryDto, limit === undefined ? {} : { limit });
  return { limit: dto.limit, errors: validateSync(dto).length };
};

describe('LimitQueryDto', () => {
  it('takes decimal digits, and defaults to 20', () => {
    expect(check('50')).toEqual({ limit: 50, errors: 0 });
    expect(check(undefined)).toEqual({ limit: 20, errors: 0 });
  });

  it.each(['0x10', '1e1', ' 5 ', '', '1.5', '-1', '0', '101', 'abc', '9999999999'])('refuses %p', (limit) => {
    expect(check(limit).errors).toBe(1);
  });
});
