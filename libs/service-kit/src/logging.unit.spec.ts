import { generateApiKeySecret } from '@steward/contracts';
import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('keeps a URL without credentials as it is', () => {
    expect(redactUrl('/v1/users?limit=20&status=active')).toBe('/v1/users?limit=20&status=active');
    expect(redactUrl('/v1/users/usr_1')).toBe('/v1/users/usr_1');
    expect(redactUrl(undefined)).toBeUndefined();
  });

  it('redacts credential-like query values, such as a followed invitation link', () => {
    expect(redactUrl('/invitations/accept?token=inv_1.c2VjcmV0LW1hYw&lang=en')).toBe('/invitations/accept?token=[redacted]&lang=en');
    expect(redactUrl('/x?api_key=abc&Access%5FToken=def&secret=1')).toBe('/x?api_key=[redacted]&Access%5FToken=[redacted]&secret=[redacted]');
  });

  it('redacts anything shaped like an API key, in the path or a query value', () => {
    const key = generateApiKeySecret();
    expect(redactUrl(`/v1/api-keys/${key}`)).toBe('/v1/api-keys/sk_live_[redacted]');
    expect(redactUrl(`/v1/users?q=${key}`)).toBe('/v1/users?q=sk_live_[redacted]');
  });
});
