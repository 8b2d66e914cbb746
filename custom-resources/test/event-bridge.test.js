'use strict';

const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const eventBridge = require('../event-bridge/handler');
const { awsError, invoke } = require('./fake');

const props = (config) => ({ FunctionName: 'svc-dev-bus', EventBridgeConfig: { RuleName: 'svc-dev-bus-rule-1', ...config } });

test('create on a named bus: permission, bus, rule, target', async () => {
  const { calls, answers } = await invoke(
    eventBridge,
    'Create',
    {},
    props({ EventBus: 'orders', Pattern: { source: ['shop'] }, Input: { a: 1 } })
  );
  assert.deepStrictEqual(calls, [
    [
      'Lambda.AddPermission',
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: 'svc-dev-bus',
        Principal: 'events.amazonaws.com',
        StatementId: 'svc-dev-bus-svc-dev-bus-rule-1',
        SourceArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/svc-dev-bus-rule-1',
      },
    ],
    ['EventBridge.CreateEventBus', { Name: 'orders' }],
    ['EventBridge.PutRule', { Name: 'svc-dev-bus-rule-1', EventBusName: 'orders', EventPattern: '{"source":["shop"]}' }],
    [
      'EventBridge.PutTargets',
      {
        Rule: 'svc-dev-bus-rule-1',
        EventBusName: 'orders',
        Targets: [{ Id: 'svc-dev-bus-rule-1-target', Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-bus', Input: '{"a":1}' }],
      },
    ],
  ]);
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
  assert.strictEqual(answers[0].body.PhysicalResourceId, 'CustomResourceEventBridge');
});

test('a bus given by ARN is not created, and a bus another rule made is fine', async () => {
  const arnBus = await invoke(eventBridge, 'Create', {}, props({ EventBus: 'arn:aws:events:eu-west-1:1:event-bus/shared', Schedule: 'rate(5 minutes)' }));
  assert.ok(!arnBus.calls.some((c) => c[0] === 'EventBridge.CreateEventBus'));
  assert.deepStrictEqual(arnBus.calls[1][1], { Name: 'svc-dev-bus-rule-1', EventBusName: 'shared', ScheduleExpression: 'rate(5 minutes)' });
  const exists = await invoke(eventBridge, 'Create', { 'EventBridge.CreateEventBus': awsError('ResourceAlreadyExistsException') }, props({ EventBus: 'orders' }));
  assert.strictEqual(exists.answers[0].body.Status, 'SUCCESS');
});

test('the default bus by name is neither created nor deleted, and its rules\' ARNs name no bus', async () => {
  const created = await invoke(eventBridge, 'Create', {}, props({ EventBus: 'default', Schedule: 'rate(1 hour)' }));
  assert.deepStrictEqual(created.calls.map((c) => c[0]), ['Lambda.AddPermission', 'EventBridge.PutRule', 'EventBridge.PutTargets']);
  assert.strictEqual(created.calls[0][1].SourceArn, 'arn:aws:events:eu-west-1:123456789012:rule/svc-dev-bus-rule-1');
  assert.deepStrictEqual(created.calls[1][1], { Name: 'svc-dev-bus-rule-1', ScheduleExpression: 'rate(1 hour)' });
  const byArn = await invoke(eventBridge, 'Create', {}, props({ EventBus: 'arn:aws:events:eu-west-1:1:event-bus/default' }));
  assert.strictEqual(byArn.calls[0][1].SourceArn, 'arn:aws:events:eu-west-1:123456789012:rule/svc-dev-bus-rule-1');
  const deleted = await invoke(eventBridge, 'Delete', {}, props({ EventBus: 'default' }));
  assert.deepStrictEqual(deleted.calls.map((c) => c[0]), ['Lambda.RemovePermission', 'EventBridge.RemoveTargets', 'EventBridge.DeleteRule']);
  assert.strictEqual(deleted.answers[0].body.Status, 'SUCCESS');
});

test('a long rule name gets SF v3\'s shortened target id', () => {
  const rule = 'r'.repeat(70);
  const id = `${rule}-target`;
  const digest = crypto.createHash('md5').update(id).digest('hex');
  assert.strictEqual(eventBridge.targetId(rule), `${'r'.repeat(25)}${digest}-target`);
  assert.ok(eventBridge.targetId(rule).length <= 64);
});

test('delete removes permission, target, rule and bus; missing pieces are fine', async () => {
  const { calls, answers } = await invoke(
    eventBridge,
    'Delete',
    { 'EventBridge.RemoveTargets': awsError('ResourceNotFoundException') },
    props({ EventBus: 'orders' })
  );
  assert.deepStrictEqual(calls.map((c) => c[0]), [
    'Lambda.RemovePermission',
    'EventBridge.RemoveTargets',
    'EventBridge.DeleteRule',
    'EventBridge.DeleteEventBus',
  ]);
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
});

test('update in place puts rule and target; renaming the rule replaces it', async () => {
  const same = await invoke(eventBridge, 'Update', {}, props({ InputPath: '$.detail' }), props({}));
  assert.deepStrictEqual(same.calls.map((c) => c[0]), ['EventBridge.PutRule', 'EventBridge.PutTargets']);
  assert.strictEqual(same.calls[1][1].Targets[0].InputPath, '$.detail');
  const renamed = await invoke(eventBridge, 'Update', {}, props({ RuleName: 'new' }), props({}));
  assert.deepStrictEqual(renamed.calls.map((c) => c[0]), [
    'Lambda.RemovePermission',
    'EventBridge.RemoveTargets',
    'EventBridge.DeleteRule',
    'Lambda.AddPermission',
    'EventBridge.PutRule',
    'EventBridge.PutTargets',
  ]);
});

test('a refused rule is answered FAILED', async () => {
  const { answers } = await invoke(eventBridge, 'Create', { 'EventBridge.PutRule': awsError('InvalidEventPatternException', 'bad pattern') }, props({ Pattern: {} }));
  assert.strictEqual(answers[0].body.Status, 'FAILED');
  assert.match(answers[0].body.Reason, /^bad pattern/);
});
