import type { UserStatus } from './events';

/** User as API.md shows it. */
export interface UserResource {
  id: string;
  name: string;
  email: string;
  role: string;
  status: UserStatus;
  workspace_ids: string[];
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
