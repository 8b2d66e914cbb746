'use strict';
let counter = 0;

exports.handler = async (event) => {
  counter += 1;
  return { kind: 'cjs', event, counter, pid: process.pid };
};

exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { kind: 'callback', value: event.value }), 10);
};

exports.succeed = (event, context) => {
  setTimeout(() => context.succeed({ kind: 'succeed' }), 5);
};

exports.plain = () => {
  setTimeout(() => {}, 20);
};

exports.context = async (event, context) => {
  const before = context.getRemainingTimeInMillis();
  await new Promise((r) => setTimeout(r, 50));
  return {
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    before,
    after: context.getRemainingTimeInMillis(),
    // changes the environment the next invocation's context is read from
    renamed: event.logGroup ? (process.env.AWS_LAMBDA_LOG_GROUP_NAME = event.logGroup) : null,
  };
};

class ValidationError extends Error {
  constructor(m) {
    super(m);
    this.name = 'ValidationError';
  }
}

exports.throws = async () => {
  throw new ValidationError('[400] bad input');
};

exports.exit = async (event) => {
  if (event.exit) process.exit(1);
  return { pid: process.pid };
};

exports.slow = async (event) => {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, event.ms || 0));
  return { start, end: Date.now(), pid: process.pid };
};

exports.env = async () => {
  const pick = [
    'PROVIDER_VAR', 'SHARED', 'FN_VAR', 'NUM', 'BUCKET_REF',
    'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_RUNTIME_API',
    'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', '_HANDLER',
    'TZ', 'EXTRA', 'LAMBDA_RUNTIME_DIR', 'SLSC_RUNTIME_API_FDS',
  ];
  const out = { cwd: process.cwd() };
  const fs = require('fs');
  const fds = process.env.SLSC_RUNTIME_API_FDS;
  out.channelIsPipes = fds === '3,4' && fs.fstatSync(3).isFIFO() && fs.fstatSync(4).isFIFO();
  for (const k of pick) out[k] = process.env[k] === undefined ? null : process.env[k];
  return out;
};

// the invocation's trace id as the handler, `in`, a key listing and a child process see it
exports.trace = async () => {
  const child = require('child_process').execFileSync(process.execPath, [
    '-e', 'process.stdout.write(process.env._X_AMZN_TRACE_ID || "")',
  ]).toString();
  return {
    env: process.env._X_AMZN_TRACE_ID,
    has: '_X_AMZN_TRACE_ID' in process.env,
    listed: Object.keys(process.env).includes('_X_AMZN_TRACE_ID'),
    child,
  };
};

// replaces process.env with a plain object (once), then reports the trace id found in it
exports.ownEnv = async () => {
  if (!process.env.OWN) process.env = { OWN: 'yes' };
  return { own: process.env.OWN, trace: process.env._X_AMZN_TRACE_ID || null };
};

// reads the environment (so the runtime sets the trace id there) and says which process ran
exports.envPid = async () => ({ read: process.env.PROVIDER_VAR, pid: process.pid });

// the descriptors the processes a handler starts inherit, of the runtime's pipes
exports.fds = async () => {
  const out = require('child_process').execFileSync('/bin/sh', [
    '-c', 'for f in 3 4 5 6; do readlink /proc/$$/fd/$f || true; done',
  ]).toString();
  return { pipes: out.split('\n').filter((l) => l.startsWith('pipe:')) };
};

// answers through the callback once the event loop is empty, after reading the environment
exports.envPidCallback = (event, context, callback) => {
  callback(null, { read: process.env.PROVIDER_VAR, pid: process.pid });
};

exports.big = async () => 'x'.repeat(7 * 1024 * 1024);

exports.log = async (event, context) => {
  console.log('hello', { a: 1 });
  console.error('line one\nline two');
  return context.awsRequestId;
};

exports.clientContext = async (event, context) => ({ clientContext: context.clientContext });
