// Test doubles for the custom resource handlers: a fake AWS that records calls and answers
// from a script, and a local HTTP server standing in for CloudFormation's response URL.
'use strict';

const http = require('http');

// `answers`: {'S3.GetBucketNotificationConfiguration': value | Error | (input) => value}.
function fakeAws(answers = {}) {
  const calls = [];
  return {
    calls,
    aws: {
      async call(service, operation, input) {
        calls.push([`${service}.${operation}`, JSON.parse(JSON.stringify(input))]);
        const answer = answers[`${service}.${operation}`];
        if (answer instanceof Error) throw answer;
        return typeof answer === 'function' ? answer(input) : answer || {};
      },
    },
  };
}

function awsError(name, message = name) {
  const error = new Error(message);
  error.name = name;
  return error;
}

// Starts a server that records the PUTs CloudFormation would receive.
async function cloudFormation() {
  const answers = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      answers.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    answers,
    url: `http://127.0.0.1:${port}/response?signed=1`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const context = {
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-custom-resource-existing-s3',
  logStreamName: '2026/12/06/[$LATEST]abc',
  getRemainingTimeInMillis: () => 180000,
};

function event(url, requestType, properties, oldProperties) {
  return {
    RequestType: requestType,
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/svc-dev/1',
    RequestId: 'req-1',
    LogicalResourceId: 'UploadsCustomS31',
    ResourceType: 'Custom::S3',
    ResourceProperties: properties,
    OldResourceProperties: oldProperties,
  };
}

// Runs `handlerModule`'s work as Lambda would, against `answers`; returns the AWS calls made and
// what CloudFormation received.
async function invoke(handlerModule, requestType, answers, props, old, ctx = context) {
  // eslint-disable-next-line global-require
  const { customResource } = require('../utils');
  const cfn = await cloudFormation();
  const fake = fakeAws(answers);
  try {
    await customResource(handlerModule.physicalResourceId, handlerModule.work, () => fake.aws)(
      event(cfn.url, requestType, props, old),
      ctx
    );
  } finally {
    await cfn.close();
  }
  return { calls: fake.calls, answers: cfn.answers };
}

module.exports = { fakeAws, awsError, cloudFormation, context, event, invoke };
