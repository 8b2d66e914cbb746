'use strict';
// Never invoked: the events of this service go to an HTTP upstream.
exports.unused = async () => ({ statusCode: 500, body: 'not expected' });
