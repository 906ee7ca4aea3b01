import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, renderEmail, type TemplateName } from './render';

const values = {
  name: 'Ada <script>alert("x")</script> & Co',
  email: 'ada@example.test',
  role: 'viewer',
  accept_url: 'https://app.example.test/invitations/accept?token=inv_01abc.mac-_x&utm=1',
  expires_at: '2026-12-03 14:00 UTC',
};

describe('renderEmail', () => {
  it('fills every placeholder of every part', () => {
    const email = renderEmail('invitation', values);
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/\{\{|\}\}/);
    for (const file of ['invitation.subject.txt', 'invitation.text.txt', 'invitation.html']) {
      const template = readFileSync(join(__dirname, file), 'utf8');
      const used = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      expect(used.length).toBeGreaterThan(0);
      for (const key of used) expect(Object.keys(values)).toContain(key);
    }
    expect(email.text).toContain(values.accept_url);
    expect(email.text).toContain(values.expires_at);
    expect(email.text).toContain('"viewer"');
    expect(email.subject).toBe("You're invited to Steward as viewer");
  });

  it('escapes values in the HTML part only', () => {
    const email = renderEmail('invitation', values);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Ada &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email.html).toContain(`href="${escapeHtml(values.accept_url)}"`);
    expect(email.text).toContain(values.name);
  });

  it('refuses to render with a value missing', () => {
    const { role: _role, ...withoutRole } = values;
    expect(() => renderEmail('invitation', withoutRole)).toThrow('{{role}}');
  });

  it('keeps the subject on one line', () => {
    expect(renderEmail('invitation', { ...values, role: 'viewer\r\nBcc: x@evil.test' }).subject).not.toMatch(/[\r\n]/);
  });
});

describe('every email template', () => {
  const templates: TemplateName[] = ['invitation', 'invitation-resent', 'workspace-invitation', 'destination-key'];

  it.each(templates)('%s has a subject, a text and an HTML part, all filled from their placeholders', (name) => {
    const parts = ['subject.txt', 'text.txt', 'html'].map((part) => readFileSync(join(__dirname, `${name}.${part}`), 'utf8'));
    const keys = [...new Set(parts.flatMap((part) => [...part.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])))];
    expect(keys.length).toBeGreaterThan(0);
    const email = renderEmail(name, Object.fromEntries(keys.map((key) => [key, `<${key}>`])));
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/\{\{|\}\}/);
    for (const key of keys) expect(email.html).not.toContain(`<${key}>`);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
