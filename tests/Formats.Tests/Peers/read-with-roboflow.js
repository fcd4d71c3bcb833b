// Reads a TFRecord file with @roboflow/tfrecords (a reader we did not write) and prints what it decoded as JSON.
// usage: node read-with-roboflow.js FILE KEY:TYPE...   (TYPE = String | Binary | Int64 | Float)
// Output on stdout: {"count": N, "records": [{"KEY": [values...]}, ...]}; Binary values as base64.
// The peer only logs a CRC error and stops, so callers compare its count with ours.
'use strict';
const fs = require('fs');
const log = console.log;
console.log = (...args) => console.error(...args); // the peer reports CRC errors with console.log; keep stdout for JSON
const { TFRecordsReader } = require('@roboflow/tfrecords/src/tensorFlowReader');
const { FeatureType } = require('@roboflow/tfrecords/src/tensorFlowBuilder');

const [file, ...specs] = process.argv.slice(2);
if (!file) {
  console.error('usage: node read-with-roboflow.js FILE KEY:TYPE...');
  process.exit(2);
}

const reader = new TFRecordsReader(fs.readFileSync(file));
const records = [];
for (let i = 0; i < reader.length; i++) {
  const record = {};
  for (const spec of specs) {
    const cut = spec.lastIndexOf(':');
    const key = spec.slice(0, cut);
    const type = FeatureType[spec.slice(cut + 1)];
    const values = reader.getArrayFeature(i, key, type) || [];
    record[key] = Array.from(values, v => (type === FeatureType.Binary ? Buffer.from(v).toString('base64') : v));
  }
  records.push(record);
}

log(JSON.stringify({ count: reader.length, records }));
