import { bootstrapService } from '@steward/service-kit';
import { IdentityModule } from './identity.module';

void bootstrapService(IdentityModule, 'identity');
