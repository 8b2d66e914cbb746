'use strict';
const fs = require('fs');
// Handlers for `integration: lambda` / mock end-to-end tests.
let hits = 0;

exports.echo = async (event) => event;

exports.fail = async (event) => {
  throw new Error(event.body && event.body.message);
};

exports.slow = () => new Promise((r) => setTimeout(() => r({ late: true }), 5000));

exports.item = async (event) => {
  if (event.query && event.query.conflict) throw new Error('version conflict');
  return { name: 'widget', id: 7 };
};

exports.record = async (event) => {
  if (event.method === 'POST') {
    // the slow work: it ends once the test opens the gate (creates the file it names)
    const gate = event.body && event.body.gate;
    while (gate && !fs.existsSync(gate)) await new Promise((r) => setTimeout(r, 20));
    hits += 1;
    return { recorded: true };
  }
  return { hits };
};
