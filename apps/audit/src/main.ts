import { bootstrapService } from '@steward/service-kit';
import { AuditModule } from './audit.module';

void bootstrapService(AuditModule, 'audit');
