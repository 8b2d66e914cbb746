// `Custom::CognitoUserPool`: connects a function to a user pool that exists outside the stack
// (`cognitoUserPool` events with `existing: true`). Create grants Cognito the right to invoke
// the function and sets the pool's triggers; Update sets them again; Delete removes the
// function's triggers and the permission. Other triggers and settings of the pool are kept.
'use strict';

const { customResource, environment, lambdaArn, statementId } = require('../utils');

// Triggers whose value is `{LambdaArn, LambdaVersion}` and that need the pool's KMS key.
const CUSTOM_SENDERS = ['CustomSMSSender', 'CustomEmailSender'];

// What UpdateUserPool takes: every setting left out would be reset to its default, so the
// pool's current value of each is sent back.
const UPDATABLE = [
  'Policies',
  'DeletionProtection',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'PoolName',
  'UserPoolTier',
];

function permissionStatementId(functionName, poolName) {
  return statementId(functionName, poolName.toLowerCase().replace(/[.:*\s]/g, ''));
}

async function findPool(aws, name) {
  let NextToken;
  do {
    // eslint-disable-next-line no-await-in-loop
    const page = await aws.call('CognitoIdentityProvider', 'ListUserPools', {
      MaxResults: 60,
      ...(NextToken ? { NextToken } : {}),
    });
    const pool = (page.UserPools || []).find((p) => p.Name === name);
    if (pool) return pool;
    ({ NextToken } = page);
  } while (NextToken);
  throw new Error(`no user pool named ${name}`);
}

// The pool's triggers without those that invoke `arn`.
function withoutFunction(lambdaConfig, arn) {
  const kept = {};
  for (const [trigger, value] of Object.entries(lambdaConfig || {})) {
    const target = value && typeof value === 'object' ? value.LambdaArn : value;
    if (trigger === 'KMSKeyID' || target !== arn) kept[trigger] = value;
  }
  if (!CUSTOM_SENDERS.some((s) => s in kept)) delete kept.KMSKeyID;
  return kept;
}

async function setTriggers(aws, poolName, arn, configs) {
  const pool = await findPool(aws, poolName);
  const { UserPool: current } = await aws.call('CognitoIdentityProvider', 'DescribeUserPool', {
    UserPoolId: pool.Id,
  });
  const LambdaConfig = withoutFunction(current.LambdaConfig, arn);
  for (const config of configs) {
    if (CUSTOM_SENDERS.includes(config.Trigger)) {
      LambdaConfig[config.Trigger] = { LambdaArn: arn, LambdaVersion: config.LambdaVersion };
      LambdaConfig.KMSKeyID = config.KMSKeyID;
    } else {
      LambdaConfig[config.Trigger] = arn;
    }
  }
  const update = { UserPoolId: pool.Id };
  for (const key of UPDATABLE) {
    if (current[key] !== undefined) update[key] = current[key];
  }
  // DescribeUserPool still reports the retired AdminCreateUserConfig.UnusedAccountValidityDays,
  // which UpdateUserPool refuses beside Policies.PasswordPolicy.TemporaryPasswordValidityDays
  if (update.AdminCreateUserConfig && 'UnusedAccountValidityDays' in update.AdminCreateUserConfig) {
    const { UnusedAccountValidityDays, ...rest } = update.AdminCreateUserConfig;
    update.AdminCreateUserConfig = rest;
    const password = update.Policies && update.Policies.PasswordPolicy;
    if (password && password.TemporaryPasswordValidityDays === undefined) {
      password.TemporaryPasswordValidityDays = UnusedAccountValidityDays;
    }
  }
  update.LambdaConfig = LambdaConfig;
  await aws.call('CognitoIdentityProvider', 'UpdateUserPool', update);
  return pool;
}

async function connect(aws, env, props, grant) {
  const arn = lambdaArn(env, props.FunctionName);
  const pool = await setTriggers(aws, props.UserPoolName, arn, props.UserPoolConfigs || []);
  if (grant) {
    await aws.call('Lambda', 'AddPermission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: props.FunctionName,
      Principal: 'cognito-idp.amazonaws.com',
      StatementId: permissionStatementId(props.FunctionName, props.UserPoolName),
      SourceArn: `arn:${env.partition}:cognito-idp:${env.region}:${env.accountId}:userpool/${pool.Id}`,
    });
  }
}

async function disconnect(aws, env, props) {
  try {
    await aws.call('Lambda', 'RemovePermission', {
      FunctionName: props.FunctionName,
      StatementId: permissionStatementId(props.FunctionName, props.UserPoolName),
    });
  } catch (error) {
    if (error.name !== 'ResourceNotFoundException') throw error;
  }
  await setTriggers(aws, props.UserPoolName, lambdaArn(env, props.FunctionName), []);
}

async function work(event, context, aws) {
  const env = environment(context);
  const props = event.ResourceProperties;
  const old = event.OldResourceProperties;
  if (event.RequestType === 'Create') {
    await connect(aws, env, props, true);
  } else if (event.RequestType === 'Update') {
    const moved =
      old && (old.UserPoolName !== props.UserPoolName || old.FunctionName !== props.FunctionName);
    if (moved) await disconnect(aws, env, old);
    await connect(aws, env, props, moved);
  } else {
    await disconnect(aws, env, props);
  }
}

// the id Serverless Framework v3 used: another id would make CloudFormation replace the resource
const physicalResourceId = 'CustomResourceExistingCognitoUserPool';

module.exports = { handler: customResource(physicalResourceId, work), physicalResourceId, work };
