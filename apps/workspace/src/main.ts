import { bootstrapService } from '@steward/service-kit';
import { WorkspaceModule } from './workspace.module';

void bootstrapService(WorkspaceModule, 'workspace');
