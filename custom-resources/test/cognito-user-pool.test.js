'use strict';

const test = require('node:test');
const assert = require('node:assert');
const cognito = require('../cognito-user-pool/handler');
const { awsError, invoke } = require('./fake');

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-auth';
const props = {
  FunctionName: 'svc-dev-auth',
  UserPoolName: 'My Pool',
  UserPoolConfigs: [
    { Trigger: 'PreSignUp' },
    { Trigger: 'CustomEmailSender', LambdaVersion: 'V1_0', KMSKeyID: 'arn:aws:kms:eu-west-1:1:key/k' },
  ],
};

const pool = {
  Id: 'eu-west-1_abc',
  Name: 'My Pool',
  Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc',
  Status: 'Enabled',
  CreationDate: 1,
  EstimatedNumberOfUsers: 3,
  MfaConfiguration: 'OPTIONAL',
  Policies: { PasswordPolicy: { MinimumLength: 12 } },
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 7 },
  LambdaConfig: { PostConfirmation: 'arn:aws:lambda:eu-west-1:1:function:other', PreSignUp: ARN },
};

const answers = {
  'CognitoIdentityProvider.ListUserPools': (input) =>
    input.NextToken
      ? { UserPools: [{ Id: pool.Id, Name: 'My Pool' }] }
      : { UserPools: [{ Id: 'x', Name: 'Other' }], NextToken: 'page2' },
  'CognitoIdentityProvider.DescribeUserPool': { UserPool: pool },
};

test('create finds the pool across pages, keeps its settings and other triggers, grants Cognito', async () => {
  const { calls, answers: cfn } = await invoke(cognito, 'Create', answers, props);
  assert.deepStrictEqual(calls.map((c) => c[0]), [
    'CognitoIdentityProvider.ListUserPools',
    'CognitoIdentityProvider.ListUserPools',
    'CognitoIdentityProvider.DescribeUserPool',
    'CognitoIdentityProvider.UpdateUserPool',
    'Lambda.AddPermission',
  ]);
  const update = calls[3][1];
  assert.deepStrictEqual(update, {
    UserPoolId: 'eu-west-1_abc',
    Policies: { PasswordPolicy: { MinimumLength: 12, TemporaryPasswordValidityDays: 7 } },
    MfaConfiguration: 'OPTIONAL',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    LambdaConfig: {
      PostConfirmation: 'arn:aws:lambda:eu-west-1:1:function:other',
      PreSignUp: ARN,
      CustomEmailSender: { LambdaArn: ARN, LambdaVersion: 'V1_0' },
      KMSKeyID: 'arn:aws:kms:eu-west-1:1:key/k',
    },
  });
  assert.deepStrictEqual(calls[4][1], {
    Action: 'lambda:InvokeFunction',
    FunctionName: 'svc-dev-auth',
    Principal: 'cognito-idp.amazonaws.com',
    StatementId: 'svc-dev-auth-mypool',
    SourceArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc',
  });
  assert.strictEqual(cfn[0].body.Status, 'SUCCESS');
  assert.strictEqual(cfn[0].body.PhysicalResourceId, 'CustomResourceExistingCognitoUserPool');
});

test('delete removes only the function\'s triggers (and the KMS key with the last sender)', async () => {
  const withSender = {
    ...answers,
    'CognitoIdentityProvider.DescribeUserPool': {
      UserPool: {
        ...pool,
        LambdaConfig: {
          ...pool.LambdaConfig,
          CustomSMSSender: { LambdaArn: ARN, LambdaVersion: 'V1_0' },
          KMSKeyID: 'k',
        },
      },
    },
  };
  const { calls, answers: cfn } = await invoke(cognito, 'Delete', withSender, props);
  assert.deepStrictEqual(calls[0], ['Lambda.RemovePermission', { FunctionName: 'svc-dev-auth', StatementId: 'svc-dev-auth-mypool' }]);
  const update = calls.find((c) => c[0] === 'CognitoIdentityProvider.UpdateUserPool')[1];
  assert.deepStrictEqual(update.LambdaConfig, { PostConfirmation: 'arn:aws:lambda:eu-west-1:1:function:other' });
  assert.strictEqual(cfn[0].body.Status, 'SUCCESS');
});

test('a pool that does not exist fails the deploy with its name', async () => {
  const { answers: cfn } = await invoke(
    cognito,
    'Create',
    { 'CognitoIdentityProvider.ListUserPools': { UserPools: [] } },
    props
  );
  assert.strictEqual(cfn[0].body.Status, 'FAILED');
  assert.match(cfn[0].body.Reason, /no user pool named My Pool/);
});

test('a refused update is answered FAILED', async () => {
  const { answers: cfn } = await invoke(
    cognito,
    'Update',
    { ...answers, 'CognitoIdentityProvider.UpdateUserPool': awsError('InvalidParameterException', 'bad') },
    props,
    props
  );
  assert.strictEqual(cfn[0].body.Status, 'FAILED');
});
