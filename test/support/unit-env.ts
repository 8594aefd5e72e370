// Unit tests send no request: these values only satisfy modules that read configuration at load.
process.env.TABLE_NAME ??= 'unit-test-table';
process.env.STAFF_USER_POOL_ID ??= 'local_unit';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.SENDER_EMAIL ??= 'no-reply@unit.test';
process.env.PORTAL_URL ??= 'https://portal.unit.test';
process.env.STAFF_URL ??= 'https://staff.unit.test';
process.env.PORTAL_USER_POOL_ID ??= 'local_unitportal';
process.env.PORTAL_USER_POOL_CLIENT_ID ??= 'unitportalclient';
