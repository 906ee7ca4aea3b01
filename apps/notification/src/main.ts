import { bootstrapService } from '@steward/service-kit';
import { NotificationModule } from './notification.module';

void bootstrapService(NotificationModule, 'notification');
