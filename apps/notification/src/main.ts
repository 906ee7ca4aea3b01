import { bootstrapService } from '@steward/service-kit';
import { loadNotificationConfig } from './config/notification.config';
import { NotificationModule } from './notification.module';

void bootstrapService(NotificationModule, 'notification', { settings: [loadNotificationConfig] });
