#!/usr/bin/env node
// A tiny Prisma generator that writes the full DMMF data model (fields with isList/isRequired/native
// types, indexes with their database names) to JSON. The generated client only carries a reduced
// runtime model, and the schema drift test (libs/database/test) needs the complete one.
// Speaks Prisma's generator protocol: JSON-RPC requests on stdin, one response per line on stderr.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

function respond(message) {
  process.stderr.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
}

readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  const request = JSON.parse(line);
  try {
    if (request.method === 'getManifest') {
      respond({
        id: request.id,
        result: { manifest: { prettyName: 'Data model JSON', defaultOutput: 'data-model.json' } },
      });
    } else if (request.method === 'generate') {
      const output = request.params.generator.output.value;
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(request.params.dmmf.datamodel, null, 2) + '\n');
      respond({ id: request.id, result: null });
    }
  } catch (error) {
    respond({
      id: request.id,
      error: { code: -32000, message: error.message, data: { stack: error.stack } },
    });
  }
});
