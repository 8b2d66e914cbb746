// `Custom::ApiGatewayAccountRole`: gives the account's API Gateway a role to write CloudWatch
// logs (`provider.logs.restApi` and friends), which is an account setting, not a resource a
// stack can own. Create and Update set it: the role named by `RoleArn`, else the role
// `serverlessApiGatewayCloudWatchRole`, created with AWS's managed push-to-logs policy when
// missing. Delete leaves the account as it is: other stacks' APIs may log through the role.
'use strict';

const { customResource, environment } = require('../utils');

const ROLE_NAME = 'serverlessApiGatewayCloudWatchRole';

// A freshly created role takes a while before API Gateway may assume it.
const ACCOUNT_UPDATE_ATTEMPTS = 10;
const ACCOUNT_UPDATE_PAUSE_MS = 10000;

async function ensureRole(aws, env) {
  const policyArn = `arn:${env.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`;
  let attached;
  try {
    ({ AttachedPolicies: attached = [] } = await aws.call('IAM', 'ListAttachedRolePolicies', {
      RoleName: ROLE_NAME,
    }));
  } catch (error) {
    if (error.name !== 'NoSuchEntityException' && error.name !== 'NoSuchEntity') throw error;
    await aws.call('IAM', 'CreateRole', {
      RoleName: ROLE_NAME,
      Path: '/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['apigateway.amazonaws.com'] },
            Action: ['sts:AssumeRole'],
          },
        ],
      }),
    });
    attached = [];
  }
  if (!attached.some((p) => p.PolicyArn === policyArn)) {
    await aws.call('IAM', 'AttachRolePolicy', { RoleName: ROLE_NAME, PolicyArn: policyArn });
  }
  return `arn:${env.partition}:iam::${env.accountId}:role/${ROLE_NAME}`;
}

async function work(event, context, aws, pause = ACCOUNT_UPDATE_PAUSE_MS) {
  if (event.RequestType === 'Delete') return;
  const env = environment(context);
  const account = await aws.call('APIGateway', 'GetAccount', {});
  const roleArn = event.ResourceProperties.RoleArn || (await ensureRole(aws, env));
  if (account.cloudwatchRoleArn === roleArn) return;
  for (let attempt = 1; ; attempt += 1) {
    try {
      // eslint-disable-next-line no-await-in-loop
      await aws.call('APIGateway', 'UpdateAccount', {
        patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }],
      });
      return;
    } catch (error) {
      if (attempt >= ACCOUNT_UPDATE_ATTEMPTS) throw error;
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

// the id Serverless Framework v3 used: another id would make CloudFormation replace the resource
const physicalResourceId = 'CustomResourceApiGatewayAccountCloudWatchRole';

module.exports = { handler: customResource(physicalResourceId, work), physicalResourceId, work };
