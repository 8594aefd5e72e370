import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { streamConsumerSettings, workerQueueSettings } from '../stream-consumer-settings';

/** Props of {@link Operations}. */
export interface OperationsProps {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The table stream's two consumers: records (audit trail, feed log, background work) and reactions (e-mails …). */
  readonly streamConsumers: { readonly records: IFunction; readonly reactions: IFunction };
  /** The background worker's queue (exports, imports). */
  readonly workerQueue: IQueue;
  /** The stream consumers' own alarm on dead-lettered batches. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
  /** Other constructs' own alarms (the worker's and the SES events' dead letters), shown with these. */
  readonly otherAlarms?: readonly cloudwatch.Alarm[];
  /** Notified when an alarm fires (and when it clears); no actions when absent. */
  readonly alarmTopic?: ITopic;
}

/** FieldPass's own counts (functions/shared/metrics.ts): namespace `FieldPass`, dimension `service`. */
const business = (metricName: string) =>
  new cloudwatch.Metric({
    namespace: 'FieldPass',
    metricName,
    dimensionsMap: { service: 'fieldpass' },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
  });

/**
 * The thresholds at which SES reviews an account's sending (and may later pause it): a bounce
 * rate of 5% and a complaint rate of 0.1%. The alarms fire at them, not after them.
 */
export const sesReviewThresholds = { bounceRate: 0.05, complaintRate: 0.001 } as const;

/**
 * What ops watch: one CloudWatch dashboard (the API's traffic, errors, latency; the
 * functions' errors, durations and throttles; the stream; FieldPass's own counts; SES reputation)
 * and the alarms that page, each with its reason in its description and in docs/operations.md
 * (the dead-letter alarm is the stream consumers' own, shown here too).
 *
 * Lambda's error rate and throttles are read account-wide in the region (the `AWS/Lambda` metrics
 * without a dimension), so one alarm covers every function, as docs/deploying.md asks for FieldPass
 * to have an account of its own; the API's 5xx rate covers the route functions precisely.
 */
export class Operations extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { region, stackName } = Stack.of(this);
    const five = Duration.minutes(5);
    const apiMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.api.apiId, Stage: props.stage.stageName },
        statistic,
        period: five,
      });
    const lambdaMetric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName, statistic: cloudwatch.Stats.SUM, period: five });
    const sesMetric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: five });
    /** Every function of this deployment, found by the stack's name in its function name. */
    const perFunction = (metricName: string, statistic: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metricName}" "${stackName}"', '${statistic}', 300)`,
        label,
        period: five,
        searchRegion: region,
      });

    const requests = apiMetric('Count', cloudwatch.Stats.SUM);
    const serverErrors = apiMetric('5xx', cloudwatch.Stats.SUM);
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests >= 20, errors / requests, 0)',
      usingMetrics: { errors: serverErrors, requests },
      label: 'API 5xx rate',
      period: five,
    });
    const lambdaErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(invocations >= 20, errors / invocations, 0)',
      usingMetrics: { errors: lambdaMetric('Errors'), invocations: lambdaMetric('Invocations') },
      label: 'Lambda error rate (account, region)',
      period: five,
    });
    const iteratorAgeOf = (fn: IFunction) =>
      fn.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) });
    const recordsIteratorAge = iteratorAgeOf(props.streamConsumers.records);
    const reactionsIteratorAge = iteratorAgeOf(props.streamConsumers.reactions);
    const workerQueueAge = props.workerQueue.metricApproximateAgeOfOldestMessage({
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
    const deadLetters = props.deadLetterAlarm.metric;

    const alarm = (
      id: string,
      description: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      evaluationPeriods = 1,
    ) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    // Half the records' maximum age: the consumer is falling behind well before records age out.
    const iteratorAgeLimitMs = (streamConsumerSettings.maxRecordAgeSeconds * 1000) / 2;
    // The worker: a message waiting longer than one failed receive's visibility timeout and ten
    // minutes more is a backlog (or a step failing again), not a single retry.
    const workerQueueAgeLimitSeconds = workerQueueSettings.visibilityTimeoutSeconds + 600;
    this.alarms = [
      alarm(
        'ApiServerErrorsAlarm',
        'At least 1% of API requests failed with a 5xx over 10 minutes (at 20 requests or more): a function is failing or timing out. See docs/operations.md.',
        serverErrorRate,
        0.01,
        2,
      ),
      alarm(
        'LambdaErrorRateAlarm',
        'At least 2% of Lambda invocations in the region failed over 10 minutes (at 20 or more): a function throws (API, stream consumer, sign-in triggers). See docs/operations.md.',
        lambdaErrorRate,
        0.02,
        2,
      ),
      alarm(
        'LambdaThrottlesAlarm',
        'Lambda throttled invocations in the region: the account concurrency limit is reached. See docs/operations.md.',
        lambdaMetric('Throttles'),
        1,
      ),
      alarm(
        'RecordsIteratorAgeAlarm',
        `The records consumer is more than ${iteratorAgeLimitMs / 60_000} minutes behind for 5 minutes: audit entries, the feed log and exports' and imports' next steps are late, and records older than an hour are dead-lettered. See docs/operations.md.`,
        recordsIteratorAge,
        iteratorAgeLimitMs,
        5,
      ),
      alarm(
        'ReactionsIteratorAgeAlarm',
        `The reactions consumer is more than ${iteratorAgeLimitMs / 60_000} minutes behind for 5 minutes: e-mails and owner notifications are late, and records older than an hour are dead-lettered. See docs/operations.md.`,
        reactionsIteratorAge,
        iteratorAgeLimitMs,
        5,
      ),
      alarm(
        'WorkerQueueAgeAlarm',
        `A message has waited in the background worker's queue more than ${workerQueueAgeLimitSeconds / 60} minutes for 5 minutes: exports and imports wait (a backlog, or a step failing again). See docs/operations.md.`,
        workerQueueAge,
        workerQueueAgeLimitSeconds,
        5,
      ),
      alarm(
        'SesBounceRateAlarm',
        'The SES bounce rate reached 5%, where SES puts the account under review (and pauses sending at 10%). See docs/operations.md.',
        sesMetric('Reputation.BounceRate'),
        sesReviewThresholds.bounceRate,
      ),
      alarm(
        'SesComplaintRateAlarm',
        'The SES complaint rate reached 0.1%, where SES puts the account under review (and pauses sending at 0.5%). See docs/operations.md.',
        sesMetric('Reputation.ComplaintRate'),
        sesReviewThresholds.complaintRate,
      ),
    ];
    if (props.alarmTopic) {
      const action = new SnsAction(props.alarmTopic);
      for (const each of this.alarms) {
        each.addAlarmAction(action);
        each.addOkAction(action);
      }
    }

    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    const counts = (title: string, names: string[]) => graph(title, names.map(business));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stackName}-operations`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...this.alarms, props.deadLetterAlarm, ...(props.otherAlarms ?? [])],
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [requests, apiMetric('4xx', cloudwatch.Stats.SUM), serverErrors]),
      graph('API latency (ms)', [
        apiMetric('Latency', cloudwatch.Stats.percentile(50)),
        apiMetric('Latency', cloudwatch.Stats.percentile(99)),
        apiMetric('IntegrationLatency', cloudwatch.Stats.percentile(99)),
      ]),
      graph('Lambda throttles and error rate (region)', [lambdaMetric('Throttles'), lambdaErrorRate]),
    );
    this.dashboard.addWidgets(
      graph('Errors by function', [perFunction('Errors', 'Sum', 'errors')], 12),
      graph('Duration by function (p99, ms)', [perFunction('Duration', 'p99', 'p99')], 12),
    );
    this.dashboard.addWidgets(
      graph('Stream consumers: iterator age (ms)', [recordsIteratorAge, reactionsIteratorAge]),
      graph('Stream records', [
        business('StreamRecordsProcessed'),
        business('StreamRecordFailed'),
        business('AuditRecordsProcessed'),
        business('AuditRecordFailed'),
        deadLetters,
      ]),
      graph('SES reputation', [sesMetric('Reputation.BounceRate'), sesMetric('Reputation.ComplaintRate')]),
    );
    this.dashboard.addWidgets(
      counts('Portal sign-in', ['PortalCodeSent', 'PortalCodeRefused', 'PortalSignIn', 'PortalSignInFailed']),
      counts('Answers', ['AnswerSaved', 'AnswerConflict', 'ItemChangeRefused']),
      counts('E-mails', ['LinkEmailSent', 'LinkEmailFailed', 'OwnerEmailSent', 'OwnerEmailFailed']),
    );
    this.dashboard.addWidgets(
      // SES's reports of FieldPass's own e-mails (functions/deliverability/) and the sends the
      // shared send path refused to an address that bounced or complained before.
      counts('Deliverability', ['EmailBounced', 'EmailComplained', 'EmailSuppressed']),
      // The background worker's outcomes (functions/exports/, functions/imports/).
      counts('Exports', ['ExportDone', 'ExportFailed']),
      counts('Imports', ['ImportPreviewed', 'ImportRejected', 'ImportCommitted']),
    );
    this.dashboard.addWidgets(graph("Worker queue: oldest message's age (s)", [workerQueueAge], 24));
    if (props.otherAlarms?.length) {
      this.dashboard.addWidgets(
        graph(
          'Dead letters of the worker and SES events',
          props.otherAlarms.map((each) => each.metric),
          24,
        ),
      );
    }
  }
}
