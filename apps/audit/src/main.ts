import { bootstrapService } from '@steward/service-kit';
import { AuditModule } from './audit.module';
import { loadAuditConfig } from './config/audit.config';

void bootstrapService(AuditModule, 'audit', { settings: [loadAuditConfig] });
