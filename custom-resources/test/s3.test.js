'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { customResource } = require('../utils');
const s3 = require('../s3/handler');
const { fakeAws, awsError, cloudFormation, context, event } = require('./fake');

const properties = {
  FunctionName: 'svc-dev-uploads',
  BucketName: 'legacy.bucket',
  BucketConfigs: [
    { Event: 's3:ObjectCreated:*', Rules: [{ Prefix: 'in/' }, { Suffix: '.json' }] },
    { Event: 's3:ObjectRemoved:*', Rules: [] },
  ],
};

// A bucket that already notifies a queue and other functions, one whose name starts with
// this one's, and this function with an older configuration.
const OLD_DIGEST = '0123456789abcdef0123456789abcdef';
const existing = {
  QueueConfigurations: [{ Id: 'queue', QueueArn: 'arn:aws:sqs:eu-west-1:1:q', Events: ['s3:ObjectCreated:*'] }],
  LambdaFunctionConfigurations: [
    { Id: 'other-fn-1', LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:other-fn', Events: ['s3:ObjectCreated:*'] },
    {
      Id: `svc-dev-uploads-big-${OLD_DIGEST}`,
      LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:svc-dev-uploads-big',
      Events: ['s3:ObjectCreated:Put'],
    },
    { Id: `svc-dev-uploads-${OLD_DIGEST}`, LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:svc-dev-uploads', Events: ['s3:ObjectRemoved:*'] },
  ],
};

async function run(requestType, answers, props = properties, old) {
  const cfn = await cloudFormation();
  const fake = fakeAws(answers);
  try {
    await customResource(s3.physicalResourceId, s3.work, () => fake.aws)(
      event(cfn.url, requestType, props, old),
      context
    );
  } finally {
    await cfn.close();
  }
  return { calls: fake.calls, answers: cfn.answers };
}

test('create grants S3 the invoke and adds the function beside what the bucket had', async () => {
  const { calls, answers } = await run('Create', { 'S3.GetBucketNotificationConfiguration': existing });
  assert.deepStrictEqual(calls[0], [
    'Lambda.AddPermission',
    {
      Action: 'lambda:InvokeFunction',
      FunctionName: 'svc-dev-uploads',
      Principal: 's3.amazonaws.com',
      StatementId: 'svc-dev-uploads-legacybucket',
      SourceArn: 'arn:aws:s3:::legacy.bucket',
      SourceAccount: '123456789012',
    },
  ]);
  assert.deepStrictEqual(calls[1], ['S3.GetBucketNotificationConfiguration', { Bucket: 'legacy.bucket' }]);
  const [op, put] = calls[2];
  assert.strictEqual(op, 'S3.PutBucketNotificationConfiguration');
  const config = put.NotificationConfiguration;
  assert.deepStrictEqual(config.QueueConfigurations, existing.QueueConfigurations);
  const ids = config.LambdaFunctionConfigurations.map((c) => c.Id);
  assert.deepStrictEqual(ids.slice(0, 2), ['other-fn-1', `svc-dev-uploads-big-${OLD_DIGEST}`], 'the others\' are kept');
  assert.ok(!ids.includes(`svc-dev-uploads-${OLD_DIGEST}`), 'the function\'s old configuration is replaced');
  assert.strictEqual(ids.length, 4);
  assert.match(ids[2], /^svc-dev-uploads-[0-9a-f]{32}$/);
  assert.deepStrictEqual(config.LambdaFunctionConfigurations[2], {
    Id: ids[2],
    LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-uploads',
    Events: ['s3:ObjectCreated:*'],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.json' }] } },
  });
  assert.strictEqual(config.LambdaFunctionConfigurations[3].Filter, undefined);
  assert.deepStrictEqual(answers.length, 1);
  assert.strictEqual(answers[0].method, 'PUT');
  assert.strictEqual(answers[0].contentType, '');
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
  assert.strictEqual(answers[0].body.PhysicalResourceId, 'CustomResourceExistingS3');
  assert.strictEqual(answers[0].body.LogicalResourceId, 'UploadsCustomS31');
  assert.strictEqual(answers[0].body.RequestId, 'req-1');
});

test('the configuration id is SF v3\'s: function name and the md5 of the configuration', () => {
  const config = { Event: 's3:ObjectCreated:*', Rules: [] };
  // md5 of '{"Event":"s3:ObjectCreated:*","Rules":[]}'
  const digest = require('crypto').createHash('md5').update('{"Event":"s3:ObjectCreated:*","Rules":[]}').digest('hex');
  assert.strictEqual(s3.configurationId('fn', config), `fn-${digest}`);
});

test('update replaces the function\'s configurations without a new permission', async () => {
  const { calls, answers } = await run('Update', { 'S3.GetBucketNotificationConfiguration': existing }, properties, properties);
  assert.deepStrictEqual(calls.map((c) => c[0]), ['S3.GetBucketNotificationConfiguration', 'S3.PutBucketNotificationConfiguration']);
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
});

test('update to another bucket disconnects the old one first', async () => {
  const old = { ...properties, BucketName: 'older' };
  const { calls } = await run('Update', { 'S3.GetBucketNotificationConfiguration': existing }, properties, old);
  assert.deepStrictEqual(calls.map((c) => [c[0], c[1].Bucket || c[1].StatementId]), [
    ['Lambda.RemovePermission', 'svc-dev-uploads-older'],
    ['S3.GetBucketNotificationConfiguration', 'older'],
    ['S3.PutBucketNotificationConfiguration', 'older'],
    ['Lambda.AddPermission', 'svc-dev-uploads-legacybucket'],
    ['S3.GetBucketNotificationConfiguration', 'legacy.bucket'],
    ['S3.PutBucketNotificationConfiguration', 'legacy.bucket'],
  ]);
});

test('delete removes the permission and only the function\'s configurations', async () => {
  const { calls, answers } = await run('Delete', { 'S3.GetBucketNotificationConfiguration': existing });
  assert.deepStrictEqual(calls[0], ['Lambda.RemovePermission', { FunctionName: 'svc-dev-uploads', StatementId: 'svc-dev-uploads-legacybucket' }]);
  const put = calls[2][1].NotificationConfiguration;
  assert.deepStrictEqual(put.LambdaFunctionConfigurations.map((c) => c.Id), ['other-fn-1', `svc-dev-uploads-big-${OLD_DIGEST}`]);
  assert.deepStrictEqual(put.QueueConfigurations, existing.QueueConfigurations);
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
});

test('delete succeeds when the permission is already gone', async () => {
  const { answers } = await run('Delete', {
    'Lambda.RemovePermission': awsError('ResourceNotFoundException'),
    'S3.GetBucketNotificationConfiguration': {},
  });
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
});

test('a failing AWS call is answered FAILED with its message', async () => {
  const { answers } = await run('Create', {
    'Lambda.AddPermission': awsError('AccessDeniedException', 'not allowed to add permission'),
  });
  assert.strictEqual(answers[0].body.Status, 'FAILED');
  assert.match(answers[0].body.Reason, /^not allowed to add permission See details in CloudWatch Log: /);
  assert.strictEqual(answers[0].body.PhysicalResourceId, 'CustomResourceExistingS3');
});

test('an unknown request type is answered FAILED', async () => {
  const { answers, calls } = await run('Replace', {});
  assert.strictEqual(calls.length, 0);
  assert.strictEqual(answers[0].body.Status, 'FAILED');
});
