import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** The SES configuration set every FieldPass e-mail is sent in, by stage (its senders get the name as SES_CONFIGURATION_SET). */
export const emailConfigurationSetName = (stage: string) => `fieldpass-${stage}`;

/** The SES events FieldPass reads (functions/deliverability/): EventBridge's detail types of them. */
export const sesEventDetailTypes = ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] as const;

/**
 * The SES configuration set of every e-mail FieldPass sends (links, one-time codes, owner and
 * export notices): its bounce, complaint and delivery events go to EventBridge's default bus
 * (SES's EventBridge destination takes only the default bus), where an EventBridge rule of the
 * stateless stack hands them to the deliverability function. EventBridge rather than SNS: no
 * topic to own, encrypt and subscribe, the rule filters by event type and by this configuration
 * set, and its target has retries and a dead-letter queue of its own. Reputation metrics feed
 * the bounce and complaint rate alarms (lib/constructs/operations.ts).
 */
export class EmailConfigurationSet extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    this.configurationSetName = emailConfigurationSetName(props.stage);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('Events', {
      configurationSetEventDestinationName: 'deliverability',
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY],
    });
  }
}
