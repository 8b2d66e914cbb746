'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { customResource } = require('../utils');
const role = require('../api-gateway-cloud-watch-role/handler');
const { awsError, invoke, fakeAws, cloudFormation, context, event } = require('./fake');

const ROLE = 'arn:aws:iam::123456789012:role/serverlessApiGatewayCloudWatchRole';

test('create makes the role when missing, attaches the policy and sets the account', async () => {
  const { calls, answers } = await invoke(
    role,
    'Create',
    { 'APIGateway.GetAccount': {}, 'IAM.ListAttachedRolePolicies': awsError('NoSuchEntityException') },
    {}
  );
  assert.deepStrictEqual(calls.map((c) => c[0]), [
    'APIGateway.GetAccount',
    'IAM.ListAttachedRolePolicies',
    'IAM.CreateRole',
    'IAM.AttachRolePolicy',
    'APIGateway.UpdateAccount',
  ]);
  assert.strictEqual(JSON.parse(calls[2][1].AssumeRolePolicyDocument).Statement[0].Principal.Service[0], 'apigateway.amazonaws.com');
  assert.deepStrictEqual(calls[3][1], {
    RoleName: 'serverlessApiGatewayCloudWatchRole',
    PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
  });
  assert.deepStrictEqual(calls[4][1], { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }] });
  assert.strictEqual(answers[0].body.Status, 'SUCCESS');
  assert.strictEqual(answers[0].body.PhysicalResourceId, 'CustomResourceApiGatewayAccountCloudWatchRole');
});

test('nothing changes when the account already uses the role', async () => {
  const { calls } = await invoke(
    role,
    'Create',
    {
      'APIGateway.GetAccount': { cloudwatchRoleArn: ROLE },
      'IAM.ListAttachedRolePolicies': { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' }] },
    },
    {}
  );
  assert.deepStrictEqual(calls.map((c) => c[0]), ['APIGateway.GetAccount', 'IAM.ListAttachedRolePolicies']);
});

test('a given RoleArn is used as is, on update too; delete changes nothing', async () => {
  const given = 'arn:aws:iam::123456789012:role/mine';
  const { calls } = await invoke(role, 'Update', { 'APIGateway.GetAccount': {} }, { RoleArn: given }, {});
  assert.deepStrictEqual(calls.map((c) => c[0]), ['APIGateway.GetAccount', 'APIGateway.UpdateAccount']);
  assert.strictEqual(calls[1][1].patchOperations[0].value, given);
  const removed = await invoke(role, 'Delete', {}, { RoleArn: given });
  assert.deepStrictEqual(removed.calls, []);
  assert.strictEqual(removed.answers[0].body.Status, 'SUCCESS');
});

test('the account update is retried while the new role is not usable yet', async () => {
  let tries = 0;
  const fake = fakeAws({
    'APIGateway.GetAccount': {},
    'APIGateway.UpdateAccount': () => {
      tries += 1;
      if (tries < 3) throw awsError('BadRequestException', 'role not assumable yet');
      return {};
    },
  });
  const cfn = await cloudFormation();
  const quick = (e, c, aws) => role.work(e, c, aws, 1);
  await customResource(role.physicalResourceId, quick, () => fake.aws)(event(cfn.url, 'Create', { RoleArn: ROLE }), context);
  await cfn.close();
  assert.strictEqual(tries, 3);
  assert.strictEqual(cfn.answers[0].body.Status, 'SUCCESS');
});
