import type { TemplateEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { templateDecider, type TemplateCommand, type TemplateState } from './domain/template.decider';

export class TemplateAggregate extends DeciderAggregate<TemplateState, TemplateCommand, TemplateEvent> {
  constructor(id: string) {
    super(id, 'template', templateDecider);
  }
}
