import { TemplatesRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateTemplateCommand } from './commands/create-template/create-template.command';
import { DeleteTemplateCommand } from './commands/delete-template/delete-template.command';
import { UpdateTemplateCommand } from './commands/update-template/update-template.command';
import { GetTemplateHistoryQuery } from './queries/get-template-history/get-template-history.query';
import { GetTemplateQuery } from './queries/get-template/get-template.query';
import { ListTemplatesQuery } from './queries/list-templates/list-templates.query';

export const templateRpcRoutes = [
  commandRoute(TemplatesRpc.CreateTemplate, (payload, context) => new CreateTemplateCommand(payload, context)),
  commandRoute(TemplatesRpc.UpdateTemplate, (payload, context) => new UpdateTemplateCommand(payload, context)),
  commandRoute(TemplatesRpc.DeleteTemplate, (payload, context) => new DeleteTemplateCommand(payload, context)),
  queryRoute(TemplatesRpc.GetTemplate, (payload, context) => new GetTemplateQuery(context.org_id, payload.id)),
  queryRoute(TemplatesRpc.ListTemplates, (payload, context) => new ListTemplatesQuery(context.org_id, payload)),
  queryRoute(TemplatesRpc.GetTemplateHistory, (payload, context) => new GetTemplateHistoryQuery(context.org_id, payload.id, { limit: payload.limit, cursor: payload.cursor })),
];
