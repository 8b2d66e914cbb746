// `Custom::EventBridge`: an EventBridge rule targeting a function, made through the API rather
// than by CloudFormation (`eventBridge` events while `provider.eventBridge.useCloudFormation` is
// not true). Create makes the named bus (unless given by ARN), the rule, the target and the
// permission; Update puts the rule and target again; Delete removes them all.
'use strict';

const { customResource, environment, lambdaArn, md5, statementId } = require('../utils');

// The bus's name (after the `/` of an ARN); none for the default bus, which a rule is on when
// it names no bus, whose rules' ARNs name no bus, and which is never created or deleted.
function busName(bus) {
  const name = bus && bus.startsWith('arn') ? bus.slice(bus.indexOf('/') + 1) : bus;
  return name && name !== 'default' ? name : undefined;
}

// The bus the service makes: a name that is not an ARN, nor `default`.
function ownBus(config) {
  const bus = config.EventBus;
  return bus && !bus.startsWith('arn') ? busName(bus) : undefined;
}

// `<rule>-target`, shortened with a digest past EventBridge's 64 characters (the id
// Serverless Framework v3 used, so that its targets are found and replaced).
function targetId(ruleName) {
  const id = `${ruleName}-target`;
  if (id.length <= 64) return id;
  return `${id.slice(0, 31 - 'target'.length)}${md5(id)}-target`;
}

function permissionStatementId(functionName, ruleName) {
  return statementId(functionName, ruleName.toLowerCase().replace(/[.:*]/g, ''));
}

function ruleArn(env, config) {
  const bus = busName(config.EventBus);
  const prefix = `arn:${env.partition}:events:${env.region}:${env.accountId}:rule/`;
  return bus ? `${prefix}${bus}/${config.RuleName}` : `${prefix}${config.RuleName}`;
}

function onBus(config) {
  const bus = busName(config.EventBus);
  return bus ? { EventBusName: bus } : {};
}

async function putRuleAndTarget(aws, env, props) {
  const config = props.EventBridgeConfig;
  const rule = { Name: config.RuleName, ...onBus(config) };
  if (config.Pattern !== undefined) rule.EventPattern = JSON.stringify(config.Pattern);
  if (config.Schedule !== undefined) rule.ScheduleExpression = config.Schedule;
  if (config.State !== undefined) rule.State = config.State;
  await aws.call('EventBridge', 'PutRule', rule);
  const target = { Id: targetId(config.RuleName), Arn: lambdaArn(env, props.FunctionName) };
  if (config.Input !== undefined) target.Input = JSON.stringify(config.Input);
  else if (config.InputPath !== undefined) target.InputPath = config.InputPath;
  else if (config.InputTransformer !== undefined) target.InputTransformer = config.InputTransformer;
  await aws.call('EventBridge', 'PutTargets', {
    Rule: config.RuleName,
    ...onBus(config),
    Targets: [target],
  });
}

async function create(aws, env, props) {
  const config = props.EventBridgeConfig;
  await aws.call('Lambda', 'AddPermission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: props.FunctionName,
    Principal: 'events.amazonaws.com',
    StatementId: permissionStatementId(props.FunctionName, config.RuleName),
    SourceArn: ruleArn(env, config),
  });
  if (ownBus(config)) {
    try {
      await aws.call('EventBridge', 'CreateEventBus', { Name: ownBus(config) });
    } catch (error) {
      // several rules share one bus: the first event made it
      if (error.name !== 'ResourceAlreadyExistsException') throw error;
    }
  }
  await putRuleAndTarget(aws, env, props);
}

async function remove(aws, props) {
  const config = props.EventBridgeConfig;
  const ignoreMissing = (error) => {
    if (error.name !== 'ResourceNotFoundException') throw error;
  };
  await aws
    .call('Lambda', 'RemovePermission', {
      FunctionName: props.FunctionName,
      StatementId: permissionStatementId(props.FunctionName, config.RuleName),
    })
    .catch(ignoreMissing);
  await aws
    .call('EventBridge', 'RemoveTargets', {
      Rule: config.RuleName,
      ...onBus(config),
      Ids: [targetId(config.RuleName)],
    })
    .catch(ignoreMissing);
  await aws
    .call('EventBridge', 'DeleteRule', { Name: config.RuleName, ...onBus(config) })
    .catch(ignoreMissing);
  if (ownBus(config)) {
    try {
      await aws.call('EventBridge', 'DeleteEventBus', { Name: ownBus(config) });
    } catch (error) {
      // another rule of the service still uses the bus: its own Delete removes it
      if (!['ResourceNotFoundException', 'ValidationException'].includes(error.name)) throw error;
    }
  }
}

async function work(event, context, aws) {
  const env = environment(context);
  const props = event.ResourceProperties;
  const old = event.OldResourceProperties;
  if (event.RequestType === 'Create') {
    await create(aws, env, props);
  } else if (event.RequestType === 'Update') {
    const before = old && old.EventBridgeConfig;
    const now = props.EventBridgeConfig;
    const moved =
      before &&
      (before.RuleName !== now.RuleName ||
        before.EventBus !== now.EventBus ||
        old.FunctionName !== props.FunctionName);
    if (moved) {
      await remove(aws, old);
      await create(aws, env, props);
    } else {
      await putRuleAndTarget(aws, env, props);
    }
  } else {
    await remove(aws, props);
  }
}

// the id Serverless Framework v3 used: another id would make CloudFormation replace the resource
const physicalResourceId = 'CustomResourceEventBridge';

module.exports = {
  handler: customResource(physicalResourceId, work),
  physicalResourceId,
  work,
  targetId,
};
