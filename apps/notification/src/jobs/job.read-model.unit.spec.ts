import { payloadSummary, toJobResource, type JobRow } from './job.read-model';

const invitationPayload = {
  invitation_id: 'inv_01kb0000000000000000000000',
  user_id: 'usr_01kb0000000000000000000000',
  email: 'ada@example.test',
  name: 'Ada Lovelace',
  role: 'editor',
  org_id: 'org_01kb0000000000000000000000',
  token_nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
  expires_at: '2026-12-03T14:00:00.000Z',
  kind: 'resent',
  workspace_id: 'ws_01kb0000000000000000000000',
};

describe('payloadSummary', () => {
  it('shows an invitation job by its recipient and invitation, never its token nonce', () => {
    expect(payloadSummary('email.invitation', invitationPayload)).toEqual({
      to: 'ada@example.test',
      invitation_id: invitationPayload.invitation_id,
      user_id: invitationPayload.user_id,
      role: 'editor',
      workspace_id: invitationPayload.workspace_id,
      kind: 'resent',
      expires_at: invitationPayload.expires_at,
    });
  });

  it('shows a destination key job by its key and destination, never a hash', () => {
    const payload = {
      key_id: 'key_01kb0000000000000000000000',
      key_name: 'Warehouse writer',
      key_prefix: 'sk_live_AbCd',
      destination_id: 'dst_01kb0000000000000000000000',
      org_id: 'org_01kb0000000000000000000000',
      created_by: { type: 'api_key', id: 'key_01kb0000000000000000000001' },
      created_at: '2026-12-03T14:00:00.000Z',
      secret_hash: 'a'.repeat(64), // not a field of the payload: a summary shows only what it names
    };
    expect(payloadSummary('email.destination_key', payload)).toEqual({
      key_id: payload.key_id,
      key_name: 'Warehouse writer',
      key_prefix: 'sk_live_AbCd',
      destination_id: payload.destination_id,
    });
  });

  it('shows only the fields an older payload has', () => {
    const { kind: _kind, workspace_id: _workspace, ...older } = invitationPayload;
    expect(payloadSummary('email.invitation', older)).toMatchObject({ kind: 'created', workspace_id: null, to: 'ada@example.test' });
  });

  it('shows nothing of a type it does not know, or of a payload that is not an object', () => {
    expect(payloadSummary('email.unknown', invitationPayload)).toEqual({});
    expect(payloadSummary('constructor', invitationPayload)).toEqual({});
    expect(payloadSummary('email.invitation', null)).toEqual({});
    expect(payloadSummary('email.invitation', ['x'])).toEqual({});
  });
});

describe('toJobResource', () => {
  it('is the Job of API.md with max_attempts, times in ISO 8601 UTC', () => {
    const row: JobRow = {
      id: 'job_01kb0000000000000000000000',
      org_id: 'org_01kb0000000000000000000000',
      type: 'email.invitation',
      state: 'dead',
      attempts: 8,
      max_attempts: 8,
      last_error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1025',
      run_at: new Date('2026-12-03T14:00:00.123Z'),
      created_at: new Date('2026-12-03T13:59:00.000Z'),
      payload: invitationPayload,
    };
    const job = toJobResource(row);
    expect(Object.keys(job).sort()).toEqual(['attempts', 'created_at', 'id', 'last_error', 'max_attempts', 'payload_summary', 'run_at', 'state', 'type']);
    expect(job).toMatchObject({ run_at: '2026-12-03T14:00:00.123Z', created_at: '2026-12-03T13:59:00.000Z', state: 'dead', attempts: 8 });
    expect(JSON.stringify(job)).not.toContain(invitationPayload.token_nonce);
  });
});
