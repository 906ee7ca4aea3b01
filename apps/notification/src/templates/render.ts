import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Email templates are files beside this one: `<name>.subject.txt`, `<name>.text.txt` and
 * `<name>.html`, with `{{placeholder}}` fields. Values are HTML-escaped in the HTML part; a
 * placeholder without a value is an error (an email never goes out with `{{…}}` in it).
 */
export type TemplateName = 'invitation' | 'invitation-resent' | 'workspace-invitation' | 'destination-key';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Part = keyof RenderedEmail;
const FILES: Record<Part, string> = { subject: 'subject.txt', text: 'text.txt', html: 'html' };
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const loaded = new Map<TemplateName, RenderedEmail>();

function load(name: TemplateName): RenderedEmail {
  let files = loaded.get(name);
  if (!files) {
    const read = (part: Part) => readFileSync(join(__dirname, `${name}.${FILES[part]}`), 'utf8');
    files = { subject: read('subject'), text: read('text'), html: read('html') };
    loaded.set(name, files);
  }
  return files;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function fill(template: string, values: Readonly<Record<string, string>>, encode: (value: string) => string, where: string): string {
  return template.replace(PLACEHOLDER, (_match, key: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, key)) throw new Error(`template ${where} needs a value for {{${key}}}`);
    return encode(values[key]);
  });
}

export function renderEmail(name: TemplateName, values: Readonly<Record<string, string>>): RenderedEmail {
  const files = load(name);
  return {
    // One line: a header must not carry line breaks from a value.
    subject: fill(files.subject, values, (v) => v, `${name}.subject`).replace(/\s+/g, ' ').trim(),
    text: fill(files.text, values, (v) => v, `${name}.text`),
    html: fill(files.html, values, escapeHtml, `${name}.html`),
  };
}
