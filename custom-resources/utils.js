// What every slsc custom resource handler shares: the answer to CloudFormation, the function's
// own ARN parts, Lambda permission statement ids, and the AWS calls (made through `aws.call`
// so that tests can hand in a fake; the real one loads the AWS SDK v3 that Lambda's Node.js
// runtime ships, so the zip carries no dependencies).
'use strict';

const crypto = require('crypto');
const http = require('http');
const https = require('https');

// CloudFormation waits up to an hour for an answer: answer FAILED this long before Lambda
// would stop the handler, so a slow AWS call fails the deploy instead of hanging it.
const ANSWER_BEFORE_TIMEOUT_MS = 10000;

// Retries of throttled or failed AWS calls (the SDK's own backoff).
const MAX_ATTEMPTS = 8;

// The AWS SDK v3 package and client class of each service the handlers call.
const SDK_CLIENTS = {
  APIGateway: ['@aws-sdk/client-api-gateway', 'APIGatewayClient'],
  CognitoIdentityProvider: ['@aws-sdk/client-cognito-identity-provider', 'CognitoIdentityProviderClient'],
  EventBridge: ['@aws-sdk/client-eventbridge', 'EventBridgeClient'],
  IAM: ['@aws-sdk/client-iam', 'IAMClient'],
  Lambda: ['@aws-sdk/client-lambda', 'LambdaClient'],
  S3: ['@aws-sdk/client-s3', 'S3Client'],
};

// AWS through the SDK: `call('S3', 'GetBucketNotificationConfiguration', input)`.
function sdkAws(region) {
  const clients = new Map();
  return {
    async call(service, operation, input) {
      const [pkg, clientClass] = SDK_CLIENTS[service];
      // eslint-disable-next-line global-require, import/no-dynamic-require
      const sdk = require(pkg);
      if (!clients.has(service)) {
        clients.set(service, new sdk[clientClass]({ region, maxAttempts: MAX_ATTEMPTS }));
      }
      return clients.get(service).send(new sdk[`${operation}Command`](input));
    },
  };
}

// Partition, region, account and name of the function from its invoked ARN.
function environment(context) {
  const m = /^arn:(aws[\w-]*):lambda:([\w-]+\d+):(\d+):function:([^:]+)/.exec(
    context.invokedFunctionArn || ''
  );
  if (!m) throw new Error(`unexpected function ARN ${context.invokedFunctionArn}`);
  return { partition: m[1], region: m[2], accountId: m[3], functionName: m[4] };
}

function lambdaArn(env, functionName) {
  return `arn:${env.partition}:lambda:${env.region}:${env.accountId}:function:${functionName}`;
}

// `<function>-<source>`, cut to 100 characters (Lambda's limit): the statement ids Serverless Framework v3's
// handlers gave their permissions, so that a stack deployed by it removes them cleanly.
function statementId(functionName, source) {
  const id = `${functionName}-${source}`;
  return id.length < 100 ? id : id.slice(0, 100);
}

function md5(text) {
  return crypto.createHash('md5').update(text).digest('hex');
}

// PUTs the outcome to CloudFormation's pre-signed response URL.
function answer(event, context, status, reason, physicalResourceId) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason
      ? `${reason} See details in CloudWatch Log: ${context.logStreamName || '(unknown)'}`
      : '',
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: {},
  });
  const url = new URL(event.ResponseURL);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'PUT',
        // the URL is signed for an empty content type
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', resolve);
      }
    );
    request.on('error', reject);
    request.end(body);
  });
}

// A Lambda handler that runs `work(event, context, aws)` for Create, Update and Delete and
// answers CloudFormation either way, under the fixed physical id `physicalResourceId` (the
// one Serverless Framework v3 used: another id would make CloudFormation replace the resource).
function customResource(physicalResourceId, work, makeAws = sdkAws) {
  return async (event, context) => {
    let timer;
    const deadline = new Promise((resolve) => {
      const left = context.getRemainingTimeInMillis
        ? context.getRemainingTimeInMillis() - ANSWER_BEFORE_TIMEOUT_MS
        : null;
      if (left !== null) {
        timer = setTimeout(() => resolve('timed out before AWS answered'), Math.max(left, 0));
      }
    });
    let failure = null;
    try {
      if (!['Create', 'Update', 'Delete'].includes(event.RequestType)) {
        throw new Error(`unknown request type ${event.RequestType}`);
      }
      const aws = makeAws(environment(context).region);
      const outcome = await Promise.race([work(event, context, aws).then(() => null), deadline]);
      if (outcome) failure = outcome;
    } catch (error) {
      failure = error && error.message ? error.message : String(error);
      console.error(error);
    } finally {
      clearTimeout(timer);
    }
    await answer(event, context, failure ? 'FAILED' : 'SUCCESS', failure, physicalResourceId);
  };
}

module.exports = { customResource, environment, lambdaArn, md5, statementId, MAX_ATTEMPTS };
