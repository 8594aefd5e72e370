// Unit tests send no request: these values only satisfy modules that read configuration at load.
// They are set, not defaulted, so a unit test sees the same configuration whether it runs alone
// or beside the integration project, whose local stack puts its own values in the environment.
Object.assign(process.env, {
  TABLE_NAME: 'unit-test-table',
  ATTACHMENTS_BUCKET: 'unit-test-attachments',
  EXPORTS_BUCKET: 'unit-test-exports',
  STAFF_USER_POOL_ID: 'local_unit',
  AWS_REGION: 'eu-west-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  SENDER_EMAIL: 'no-reply@unit.test',
  SES_CONFIGURATION_SET: 'unit-test-configuration-set',
  PORTAL_URL: 'https://portal.unit.test',
  STAFF_URL: 'https://staff.unit.test',
  WORKER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/unit-test-worker',
  PORTAL_USER_POOL_ID: 'local_unitportal',
  PORTAL_USER_POOL_CLIENT_ID: 'unitportalclient',
  PORTAL_IMPERSONATION_CLIENT_ID: 'unitimpersonationclient',
});
