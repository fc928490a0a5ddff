import { defineChecks, type CheckContext } from '../../src/lessons/checks.ts';

const FUNCTION = 'welcome-email';
const ALARM = 'welcome-email-errors';

/** The function's own count of failed invocations: AWS/Lambda Errors with its FunctionName. */
const errors = (t: CheckContext) => t.metric('AWS/Lambda', 'Errors', { FunctionName: FUNCTION });

/** The learner's alarm, as CloudWatch describes it; fails the check, naming alarms.json, when there is none. */
function theAlarm(t: CheckContext) {
  const alarms = t.cloud.alarms.describeAlarms().MetricAlarms;
  const alarm = alarms.find((a) => a.AlarmName === ALARM);
  if (!alarm) {
    t.fail(`Expected alarms.json to hold an alarm named "${ALARM}", but it holds ${alarms.length === 0 ? 'none' : alarms.map((a) => `"${a.AlarmName}"`).join(', ')}.`);
  }
  return alarm;
}

/** What the on-call topic delivered to its queue: the alarm notifications inside the SNS envelopes. */
const notifications = (t: CheckContext): { AlarmName?: string; NewStateValue?: string }[] =>
  t.queue('oncall-inbox').map((body) => JSON.parse((JSON.parse(body) as { Message: string }).Message));

/** Runs the minute ticks that come after the last delivery, so alarms see the minutes that just ended. */
async function sendAndWatch(t: CheckContext, ...entries: Parameters<CheckContext['send']>) {
  await t.send(...entries);
  await t.advance(3 * 60_000);
}

export default defineChecks({
  hints: {
    readTheLogs: 'Send the Google sample event and open the function’s log stream. What does the line “User email: …” say, and which line after it holds the error and its stack?',
    addressOfEachMethod: 'Put the two sample events side by side: where does each signup method put the new user’s address in `detail`? How can one handler read it from either place?',
    letItFail: 'When SES refuses an email, what has to happen to the invocation for Lambda to try it again, for the Errors metric to count it and for the alarm to hear of it? What does a `catch` that only logs do to all three?',
    alarmMetric: 'When the function throws, EventBridge has already done its part: Lambda accepted the event. So which namespace counts the failure, AWS/Events or AWS/Lambda, and which dimension picks out one function? If one failed welcome in a minute is one too many, which statistic and comparison make “more than none” a breach, and which topic hears about it?',
  },
  checks: [
    {
      name: 'welcomes users who sign up with Google too',
      hint: 'readTheLogs',
      async run(t) {
        // Not the sample's Ada: an address read from the event, not copied from the sample, reaches this user.
        await t.send(t.sample('UserSignedUpWithGoogle', { userId: '6', profile: { email: 'grace@gmail.example', name: 'Grace', emailVerified: true } }));
        t.expect(errors(t), 'the Errors metric of welcome-email after one Google signup').toBe(0);
        const sent = t.outbox();
        t.expect(sent.length, 'the number of welcome emails sent for one Google signup').toBe(1);
        t.expect(sent[0]!.to, 'the recipients of the welcome email of Grace, who signed up with Google as grace@gmail.example').toEqual(['grace@gmail.example']);
      },
    },
    {
      name: 'still welcomes users who sign up with their email address',
      hint: 'addressOfEachMethod',
      async run(t) {
        await t.send(t.sample('UserSignedUp', { userId: '2', email: 'bo@example.com' }));
        t.expect(t.outbox().flatMap((email) => email.to), 'the recipients of an email signup’s welcome').toEqual(['bo@example.com']);
      },
    },
    {
      name: 'leaves no failed signups behind: no Errors, nothing in the failures queue',
      hint: 'addressOfEachMethod',
      async run(t) {
        await t.send(t.sample('UserSignedUp'), t.sample('UserSignedUpWithGoogle', { userId: '3', profile: { email: 'cy@gmail.example' } }));
        t.expect(errors(t), 'the Errors metric of welcome-email for two signups').toBe(0);
        t.expect(t.queue('welcome-email-failures').length, 'the number of events in the welcome-email-failures queue').toBe(0);
        // Two signups, two invocations: a retry would show up here as a third.
        t.expect(t.metric('AWS/Lambda', 'Invocations', { FunctionName: FUNCTION }), 'the Invocations metric of welcome-email for two signups').toBe(2);
      },
    },
    {
      name: 'fails loudly for a signup that carries no address at all, so it is retried and kept',
      hint: 'addressOfEachMethod',
      async run(t) {
        t.expectFailuresOf(FUNCTION);
        await t.send(t.sample('UserSignedUp', { userId: '4', email: undefined }));
        t.expect(errors(t), 'the Errors metric of welcome-email for a signup with no address (one invocation, two retries)').toBe(3);
        const failures = t.queue('welcome-email-failures');
        t.expect(failures.length, 'the number of events in the welcome-email-failures queue').toBe(1);
        t.expect(t.outbox().length, 'the number of emails sent to nobody').toBe(0);
        // Whoever reads the failures queue must learn what was wrong with the event, not what SES made of it.
        const { errorType, errorMessage } = (JSON.parse(failures[0]!) as { responsePayload?: { errorType?: string; errorMessage?: string } }).responsePayload ?? {};
        if (errorType === 'BadRequestException' || !/address|e-?mail/i.test(errorMessage ?? '')) {
          t.fail(
            `Expected the failure kept in welcome-email-failures to be the handler's own error, saying the event holds no email address, but it was ${errorType}: "${errorMessage}". Check for a missing address before calling SES, and throw an error that says so.`,
          );
        }
      },
    },
    {
      name: 'fails the invocation when SES refuses the email, so Lambda’s retry sends it',
      hint: 'letItFail',
      // The sender's identity is missing from SES when the signup arrives: the send is refused with MessageRejected.
      arrange: (architecture) => ({ ...architecture, emailIdentities: [] }),
      async run(t) {
        t.expectFailuresOf(FUNCTION);
        t.putEvents(t.sample('UserSignedUp'));
        await t.advance(0);
        if (errors(t) === 0) {
          t.fail('Expected the invocation to fail when SES refused the welcome email (MessageRejected: the sender is not verified), so that Lambda retries it and Errors counts it, but it succeeded: the email was not sent, no retry will send it, and no alarm will tell anyone.');
        }
        // Someone verifies the sender again before Lambda's first retry, a minute later.
        t.cloud.ses.createEmailIdentity({ EmailIdentity: 'welcome@myapp.example' });
        await t.settle();
        t.expect(t.outbox().map((email) => email.to), 'the welcome emails sent once SES accepted them again').toEqual([['user@example.com']]);
      },
    },
    {
      name: 'has an alarm on the welcome function’s Errors metric, per minute',
      hint: 'alarmMetric',
      run(t) {
        const alarm = theAlarm(t);
        t.expect(`${alarm.Namespace} ${alarm.MetricName}`, 'the metric the alarm watches').toBe('AWS/Lambda Errors');
        t.expect(alarm.Dimensions ?? [], 'the alarm’s dimensions').toEqual([{ Name: 'FunctionName', Value: FUNCTION }]);
        // Sum, Maximum and Average of a 0-or-1 metric are all above 0 exactly when an invocation failed.
        if (!['Sum', 'Maximum', 'Average'].includes(alarm.Statistic)) {
          t.fail(`Expected the alarm’s statistic to say whether any invocation failed in the minute (Sum, Maximum or Average), but it was "${alarm.Statistic}".`);
        }
        t.expect(alarm.Period, 'the alarm’s period, in seconds').toBe(60);
        t.expect(alarm.EvaluationPeriods, 'the number of periods the alarm evaluates').toBe(1);
        const breaches = (value: number) => {
          const { Threshold: threshold, ComparisonOperator: operator } = alarm;
          if (operator === 'GreaterThanThreshold') return value > threshold;
          if (operator === 'GreaterThanOrEqualToThreshold') return value >= threshold;
          if (operator === 'LessThanThreshold') return value < threshold;
          return value <= threshold;
        };
        if (!breaches(1) || breaches(0)) {
          t.fail(
            `Expected the alarm to breach when a minute has one error and not when it has none, but with ${alarm.ComparisonOperator} ${alarm.Threshold} it breaches ${breaches(0) ? 'with no errors at all' : 'only with more than one error'}.`,
          );
        }
      },
    },
    {
      name: 'goes to ALARM and tells the oncall topic when the function fails',
      hint: 'alarmMetric',
      async run(t) {
        theAlarm(t);
        // Break the function on purpose, whatever its code: this check is about the alarm, not the handler.
        t.expectFailuresOf(FUNCTION);
        t.world.lambda.updateFunctionCode(FUNCTION, {
          'handler.ts': "export const handler = async () => { throw new Error('The check broke welcome-email on purpose, to see the alarm fire.'); };",
        });
        await sendAndWatch(t, t.sample('UserSignedUp'));
        if (!t.cloud.alarms.history(ALARM).some((change) => change.newState === 'ALARM')) {
          const alarm = theAlarm(t);
          t.fail(
            `Expected ${ALARM} to go to ALARM while welcome-email failed, but it stayed ${alarm.StateValue} (${alarm.StateReason}). The function's Errors metric counted ${errors(t)} errors meanwhile.`,
          );
        }
        const told = notifications(t).filter((n) => n.AlarmName === ALARM && n.NewStateValue === 'ALARM');
        t.expect(told.length, `the number of ALARM notifications for ${ALARM} in the oncall topic's queue`).toBeAtLeast(1);
      },
    },
    {
      name: 'stays out of ALARM while every signup is welcomed',
      hint: 'alarmMetric',
      async run(t) {
        await sendAndWatch(t, t.sample('UserSignedUp'), t.sample('UserSignedUpWithGoogle'));
        const alarmed = t.cloud.alarms.history().find((change) => change.newState === 'ALARM');
        if (alarmed) t.fail(`Expected no alarm to fire while every signup is welcomed, but ${alarmed.alarmName} went to ALARM: ${alarmed.reason}`);
        // Lambda counts an error of 0 for each successful invocation, so the alarm has data and goes to OK (and to
        // INSUFFICIENT_DATA again once the minutes without traffic pass, as CloudWatch's alarms do by default).
        const states = t.cloud.alarms.history(ALARM).map((change) => change.newState);
        t.expect(states, `the states ${ALARM} went through`).toContain('OK');
        t.expect(t.queue('oncall-inbox').length, 'the number of notifications in the oncall topic’s queue').toBe(0);
      },
    },
  ],
});
