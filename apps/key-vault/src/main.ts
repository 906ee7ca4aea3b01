import { bootstrapService } from '@steward/service-kit';
import { KeyVaultModule } from './key-vault.module';

void bootstrapService(KeyVaultModule, 'key-vault');
