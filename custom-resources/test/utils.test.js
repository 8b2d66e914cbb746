'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { customResource, environment, statementId } = require('../utils');
const { fakeAws, cloudFormation, context, event } = require('./fake');

test('a hanging AWS call is answered FAILED before Lambda stops the handler', async () => {
  const cfn = await cloudFormation();
  const hanging = { call: () => new Promise(() => {}) };
  const work = (e, c, aws) => aws.call('S3', 'GetBucketNotificationConfiguration', {});
  // 10 s are kept for the answer: 10.02 s left means 20 ms for the work
  const ctx = { ...context, getRemainingTimeInMillis: () => 10020 };
  await customResource('Id', work, () => hanging)(event(cfn.url, 'Create', {}), ctx);
  await cfn.close();
  assert.strictEqual(cfn.answers[0].body.Status, 'FAILED');
  assert.match(cfn.answers[0].body.Reason, /^timed out before AWS answered/);
  assert.strictEqual(cfn.answers[0].body.PhysicalResourceId, 'Id');
});

test('the function ARN gives partition, region and account', () => {
  assert.deepStrictEqual(environment({ invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f:alias' }), {
    partition: 'aws-cn',
    region: 'cn-north-1',
    accountId: '123456789012',
    functionName: 'f',
  });
  assert.throws(() => environment({ invokedFunctionArn: 'nonsense' }), /unexpected function ARN/);
});

test('statement ids stay under 100 characters', () => {
  assert.strictEqual(statementId('f', 'b'), 'f-b');
  assert.strictEqual(statementId('f'.repeat(60), 'b'.repeat(60)).length, 100);
});

test('a failure to answer CloudFormation surfaces as the handler\'s error', async () => {
  const fake = fakeAws({});
  const dead = event('http://127.0.0.1:1/unreachable', 'Delete', {});
  await assert.rejects(customResource('Id', async () => {}, () => fake.aws)(dead, context));
});
