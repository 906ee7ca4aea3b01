export class JobStatsQuery {
  constructor(readonly orgId: string) {}
}
