import { bootstrapService } from '@steward/service-kit';
import { expirySweepIntervalMs } from './api-keys/expiry/api-key-expiry.sweep';
import { KeyVaultModule } from './key-vault.module';

void bootstrapService(KeyVaultModule, 'key-vault', { settings: [expirySweepIntervalMs] });
