// Loaded into Serverless Framework v3 (`node --require`) by regen-references.sh so that
// `serverless package` runs without AWS: packaging a service with `layers` asks CloudFormation
// for the stack (describeStacks) to compare the last layer hash. Here that call answers as
// CloudFormation does for a stack that was never deployed; SF then packages the layer anew.
// Any other AWS call fails loudly, so a fixture cannot silently depend on the network.
'use strict';
const Module = require('module');
const originalLoad = Module._load;
let patched = false;
Module._load = function load(request, parent, isMain) {
  const exported = originalLoad.apply(this, arguments);
  if (!patched && request === 'aws-sdk' && exported && exported.Request) {
    patched = true;
    exported.Request.prototype.promise = function promise() {
      const operation = this.operation;
      const params = this.params || {};
      if (operation === 'describeStacks') {
        const err = new Error(`Stack with id ${params.StackName} does not exist`);
        err.code = 'ValidationError';
        err.statusCode = 400;
        return Promise.reject(err);
      }
      return Promise.reject(new Error(`offline: unexpected AWS call ${operation}`));
    };
  }
  return exported;
};
