// `Custom::S3`: connects a function to a bucket that exists outside the stack (`s3` events with
// `existing: true`). Create grants S3 the right to invoke the function and adds its
// notification configurations to the bucket; Update replaces the function's configurations;
// Delete removes both. Configurations of other functions on the bucket are left alone.
'use strict';

const { customResource, environment, lambdaArn, md5, statementId } = require('../utils');

// Ids start with the function's name; the rest is a digest of the configuration (the ids
// Serverless Framework v3 wrote, so that its configurations are recognized and replaced).
function configurationId(functionName, bucketConfig) {
  return `${functionName}-${md5(JSON.stringify(bucketConfig))}`;
}

// Whether a configuration on the bucket is the function's own: `<function>-<md5 hex>`
// exactly, since another function's id may start with this one's name (`<function>-big-…`).
function isOwn(id, functionName) {
  return (
    typeof id === 'string' &&
    id.startsWith(`${functionName}-`) &&
    /^[0-9a-f]{32}$/.test(id.slice(functionName.length + 1))
  );
}

function filterOf(bucketConfig) {
  const rules = bucketConfig.Rules || [];
  if (rules.length === 0) return undefined;
  return {
    Key: {
      FilterRules: rules.map((rule) => {
        const [name] = Object.keys(rule);
        return { Name: name.toLowerCase(), Value: rule[name] };
      }),
    },
  };
}

function permissionStatementId(functionName, bucketName) {
  return statementId(functionName, bucketName.replace(/[.:*]/g, ''));
}

// The bucket's notification configuration without the function's own Lambda configurations.
async function othersOnly(aws, bucketName, functionName) {
  const current = await aws.call('S3', 'GetBucketNotificationConfiguration', {
    Bucket: bucketName,
  });
  const configuration = {};
  for (const key of [
    'TopicConfigurations',
    'QueueConfigurations',
    'LambdaFunctionConfigurations',
    'EventBridgeConfiguration',
  ]) {
    if (current[key] !== undefined) configuration[key] = current[key];
  }
  configuration.LambdaFunctionConfigurations = (
    configuration.LambdaFunctionConfigurations || []
  ).filter((c) => !isOwn(c.Id, functionName));
  return configuration;
}

async function connect(aws, env, props) {
  const { FunctionName: functionName, BucketName: bucketName, BucketConfigs: configs } = props;
  const configuration = await othersOnly(aws, bucketName, functionName);
  for (const bucketConfig of configs || []) {
    const entry = {
      Id: configurationId(functionName, bucketConfig),
      LambdaFunctionArn: lambdaArn(env, functionName),
      Events: [bucketConfig.Event],
    };
    const filter = filterOf(bucketConfig);
    if (filter) entry.Filter = filter;
    configuration.LambdaFunctionConfigurations.push(entry);
  }
  await aws.call('S3', 'PutBucketNotificationConfiguration', {
    Bucket: bucketName,
    NotificationConfiguration: configuration,
  });
}

async function grant(aws, env, props) {
  const { FunctionName: functionName, BucketName: bucketName } = props;
  await aws.call('Lambda', 'AddPermission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: functionName,
    Principal: 's3.amazonaws.com',
    StatementId: permissionStatementId(functionName, bucketName),
    SourceArn: `arn:${env.partition}:s3:::${bucketName}`,
    SourceAccount: env.accountId,
  });
}

async function disconnect(aws, props) {
  const { FunctionName: functionName, BucketName: bucketName } = props;
  try {
    await aws.call('Lambda', 'RemovePermission', {
      FunctionName: functionName,
      StatementId: permissionStatementId(functionName, bucketName),
    });
  } catch (error) {
    // already gone (or the function is): nothing to remove
    if (error.name !== 'ResourceNotFoundException') throw error;
  }
  const configuration = await othersOnly(aws, bucketName, functionName);
  await aws.call('S3', 'PutBucketNotificationConfiguration', {
    Bucket: bucketName,
    NotificationConfiguration: configuration,
  });
}

async function work(event, context, aws) {
  const env = environment(context);
  const props = event.ResourceProperties;
  const old = event.OldResourceProperties;
  if (event.RequestType === 'Create') {
    await grant(aws, env, props);
    await connect(aws, env, props);
  } else if (event.RequestType === 'Update') {
    // another bucket or function: undo the old connection, make the new one
    if (old && (old.BucketName !== props.BucketName || old.FunctionName !== props.FunctionName)) {
      await disconnect(aws, old);
      await grant(aws, env, props);
    }
    await connect(aws, env, props);
  } else {
    await disconnect(aws, props);
  }
}

// the id Serverless Framework v3 used: another id would make CloudFormation replace the resource
const physicalResourceId = 'CustomResourceExistingS3';

module.exports = {
  handler: customResource(physicalResourceId, work),
  physicalResourceId,
  work,
  configurationId,
};
