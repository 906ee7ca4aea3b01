import { bootstrapService } from '@steward/service-kit';
import { loadIdentityConfig } from './config/identity.config';
import { IdentityModule } from './identity.module';

void bootstrapService(IdentityModule, 'identity', { settings: [loadIdentityConfig] });
