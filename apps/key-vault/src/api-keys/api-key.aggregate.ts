import type { ApiKeyEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { apiKeyDecider, type ApiKeyCommand, type ApiKeyState } from './domain/api-key.decider';

export class ApiKeyAggregate extends DeciderAggregate<ApiKeyState, ApiKeyCommand, ApiKeyEvent> {
  constructor(id: string) {
    super(id, 'api_key', apiKeyDecider);
  }
}
