import type { AuditEntryResource } from '@steward/contracts';
import { csvField, csvHeader, csvLine, ndjsonLine } from './audit-export.format';

const entry: AuditEntryResource = {
  id: 'aud_01h455vb4pex5vsknk084sn02q',
  action: 'user.update',
  actor: { type: 'api_key', id: 'key_01h455vb4pex5vsknk084sn02v' },
  target: { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02s' },
  workspace_id: null,
  request_id: 'req_01h455vb4pex5vsknk084sn02w',
  ip: '203.0.113.7',
  user_agent: 'curl/8.5',
  changes: { name: { from: 'Ada', to: 'Ada, "the" Countess' } },
  occurred_at: '2026-11-22T14:00:00.123Z',
  event_id: 'evt_01h455vb4pex5vsknk084sn02q',
};

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
  ])('encodes %j as %j (RFC 4180)', (value, encoded) => {
    expect(csvField(value)).toBe(encoded);
  });

  it('writes null as an empty field', () => {
    expect(csvField(null)).toBe('');
  });

  it.each(['=SUM(A1)', '+1', '-1', '@cmd', '\tx'])('defuses the would-be formula %j with a leading quote', (value) => {
    expect(csvField(value).replace(/^"|"$/g, '').startsWith(`'${value[0]}`)).toBe(true);
  });
});

describe('export lines', () => {
  it('flattens an entry into the header columns, changes as JSON text', () => {
    expect(csvHeader()).toBe('id,occurred_at,action,actor_type,actor_id,target_type,target_id,workspace_id,request_id,ip,user_agent,changes,event_id\r\n');
    expect(csvLine(entry)).toBe(
      'aud_01h455vb4pex5vsknk084sn02q,2026-11-22T14:00:00.123Z,user.update,api_key,key_01h455vb4pex5vsknk084sn02v,user,' +
        'usr_01h455vb4pex5vsknk084sn02s,,req_01h455vb4pex5vsknk084sn02w,203.0.113.7,curl/8.5,' +
        '"{""name"":{""from"":""Ada"",""to"":""Ada, \\""the\\"" Countess""}}",evt_01h455vb4pex5vsknk084sn02q\r\n',
    );
  });

  it('writes one entry per NDJSON line, as the list shows it', () => {
    const line = ndjsonLine(entry);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(entry);
  });
});
