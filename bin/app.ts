#!/usr/bin/env node
import { buildApp } from '../lib/app';

// Context (stage, senderEmail, portalUrl, alarmTopicArn, webOrigins) comes from `-c key=value`
// and cdk.json; the App synthesises when the process exits.
buildApp();
