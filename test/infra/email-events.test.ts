import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { emailConfigurationSetName } from '../../lib/constructs/email-configuration-set';
import { onlyValue, sharedTestApp, stackTemplate } from './support';

/*
 * Bounces and complaints (issue 22): the SES configuration set every e-mail is sent in, its
 * EventBridge destination, the rule to the deliverability function, and every sender's grant and
 * environment naming the configuration set.
 */

const app = sharedTestApp({ stage: 'dev' });
const data = stackTemplate(app.data);
const api = stackTemplate(app.api);
const setName = emailConfigurationSetName('dev');

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
type Resources = Record<string, Resource>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const resourcesOf = (template: Template) => template.toJSON().Resources as Resources;
const actions = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
/** Every policy statement of the role of each function of `template`, by the function's logical id. */
function statementsByFunction(template: Template): Map<string, Statement[]> {
  const resources = resourcesOf(template);
  const byFunction = new Map<string, Statement[]>();
  for (const [id, fn] of Object.entries(resources)) {
    if (fn.Type !== 'AWS::Lambda::Function') continue;
    const role = (fn.Properties.Role as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt']?.[0];
    byFunction.set(
      id,
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement),
    );
  }
  return byFunction;
}
const variablesOf = (template: Template, id: string) =>
  ((resourcesOf(template)[id]?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables ?? {}) as Record<string, unknown>;

describe('the SES configuration set', () => {
  it('is named by the stage, sends, and keeps reputation metrics (the bounce and complaint rate alarms read them)', () => {
    data.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: setName,
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
    });
  });

  it("sends its bounce, complaint and delivery events to EventBridge's default bus", () => {
    const destination = onlyValue(
      data.findResources('AWS::SES::ConfigurationSetEventDestination') as Resources,
    ).Properties;
    expect(JSON.stringify(destination.ConfigurationSetName)).toContain('ConfigurationSet');
    const event = destination.EventDestination as {
      Enabled: boolean;
      MatchingEventTypes: string[];
      EventBridgeDestination: { EventBusArn: unknown };
    };
    expect(event.Enabled).toBe(true);
    expect([...event.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery']);
    expect(JSON.stringify(event.EventBridgeDestination.EventBusArn)).toContain(':event-bus/default');
  });
});

describe("the staff pool's own e-mails", () => {
  it('go out through SES in the configuration set (invitations and codes count in its reputation)', () => {
    const pools = Object.values(data.findResources('AWS::Cognito::UserPool') as Resources).map(
      (pool) => pool.Properties.EmailConfiguration as Record<string, unknown> | undefined,
    );
    expect(pools.filter((email) => email !== undefined)).toEqual([
      expect.objectContaining({ EmailSendingAccount: 'DEVELOPER', ConfigurationSet: setName }),
    ]);
  });
});

describe('the SES events rule and function', () => {
  const fnId = app.api.getLogicalId(app.api.sesEvents.handler.fn.node.defaultChild as never);

  it("matches only SES's bounce, complaint and delivery events of FieldPass's configuration set", () => {
    const rule = onlyValue(
      api.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } }) as Resources,
    ).Properties;
    const pattern = rule.EventPattern as { source: string[]; 'detail-type': string[]; resources: unknown[] };
    expect(pattern.source).toEqual(['aws.ses']);
    expect([...pattern['detail-type']].sort()).toEqual([
      'Email Bounced',
      'Email Complaint Received',
      'Email Delivered',
    ]);
    expect(JSON.stringify(pattern.resources)).toContain(`:configuration-set/${setName}`);
  });

  it('targets the deliverability function, with retries and a dead-letter queue', () => {
    const rule = onlyValue(
      api.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } }) as Resources,
    ).Properties;
    const [target] = rule.Targets as { Arn: unknown; DeadLetterConfig?: unknown; RetryPolicy?: unknown }[];
    expect(JSON.stringify(target?.Arn)).toContain(fnId);
    expect(target?.DeadLetterConfig).toBeDefined();
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 });
    api.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
  });

  it('alarms as soon as an event waits in the dead-letter queue, naming the replay command, and shows it on the dashboard', () => {
    const queueId = app.api.getLogicalId(app.api.sesEvents.deadLetters.node.defaultChild as never);
    const alarm = onlyValue(
      Object.fromEntries(
        Object.entries(
          api.findResources('AWS::CloudWatch::Alarm', {
            Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' },
          }) as Resources,
        ).filter(([, queueAlarm]) => JSON.stringify(queueAlarm.Properties.Dimensions).includes(queueId)),
      ),
    ).Properties;
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Statistic: 'Maximum',
    });
    expect(JSON.stringify(alarm.Dimensions)).toContain(queueId);
    expect(String(alarm.AlarmDescription)).toContain('replay-dead-letters -- --ses-events');
    const dashboard = onlyValue(api.findResources('AWS::CloudWatch::Dashboard') as Resources);
    expect(JSON.stringify(dashboard.Properties.DashboardBody)).toContain('ApproximateNumberOfMessagesVisible');
  });

  it('names the queue and the function in the stack outputs the replay command reads', () => {
    const outputs = api.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.SesEventsDeadLetterQueueUrl?.Value)).toContain(
      app.api.getLogicalId(app.api.sesEvents.deadLetters.node.defaultChild as never),
    );
    expect(JSON.stringify(outputs.SesEventsFunctionName?.Value)).toContain(fnId);
  });

  it('lets the function update items of the table and nothing else: no reads, no e-mail', () => {
    const own = (statementsByFunction(api).get(fnId) ?? [])
      .flatMap(actions)
      .filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'));
    expect(own).toEqual(['dynamodb:UpdateItem']);
    expect(
      Object.keys(variablesOf(api, fnId)).filter(
        (name) => !name.startsWith('POWERTOOLS') && !name.startsWith('NODE') && !name.startsWith('AWS'),
      ),
    ).toEqual(['TABLE_NAME']);
  });
});

describe('every sender', () => {
  const senders = [data, api].flatMap((template) =>
    [...statementsByFunction(template)].flatMap(([id, statements]) => {
      const ses = statements.filter((s) => actions(s).includes('ses:SendEmail'));
      return ses.length > 0 || variablesOf(template, id).SENDER_EMAIL !== undefined ? [{ template, id, ses }] : [];
    }),
  );

  it('is found: the one-time code trigger, the stream consumer, the background worker and the client reports', () => {
    expect(senders).toHaveLength(4);
  });

  it('sends in the configuration set: its grant names it, and its environment names it', () => {
    for (const { template, id, ses } of senders) {
      expect(ses, id).toHaveLength(1);
      expect(JSON.stringify(ses[0]?.Resource), id).toContain(`:configuration-set/${setName}`);
      expect(variablesOf(template, id).SES_CONFIGURATION_SET, id).toBe(setName);
    }
  });
});
