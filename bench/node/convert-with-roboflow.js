// The conversion benchmark's Node peer: the npm package @roboflow/tfrecords (tests/node_modules) turns the same CSV
// manifest and images into one TFRecord file of tf.train.Examples with the TF OD API keys our records have.
// usage: node convert-with-roboflow.js LABELS.csv IMAGES_DIR OUT.tfrecord
// The CSV is the TF OD API layout (filename,width,height,class,xmin,ymin,xmax,ymax), rows of one image adjacent; width
// and height are taken from it (the image header is not read). Each record is written as it is built, then fsynced.
// Prints {"records": N, "bytes": B} on stdout.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { TFRecordsBuilder, FeatureType } = require('@roboflow/tfrecords/src/tensorFlowBuilder');

const [manifest, imagesDir, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node convert-with-roboflow.js LABELS.csv IMAGES_DIR OUT.tfrecord');
  process.exit(2);
}

const rows = fs.readFileSync(manifest, 'utf8').split('\n').slice(1).filter(line => line.length > 0).map(line => line.split(','));
const classes = [...new Set(rows.map(r => r[3]))].sort();
const labelOf = new Map(classes.map((name, i) => [name, i + 1]));

const out = fs.openSync(output, 'w');
let records = 0;
let bytes = 0;
for (let i = 0; i < rows.length;) {
  const [filename, width, height] = rows[i];
  const boxes = [];
  for (; i < rows.length && rows[i][0] === filename; i++) {
    boxes.push(rows[i]);
  }

  const w = Number(width);
  const h = Number(height);
  const encoded = fs.readFileSync(path.join(imagesDir, filename));
  const builder = new TFRecordsBuilder();
  builder.addFeature('image/height', FeatureType.Int64, h);
  builder.addFeature('image/width', FeatureType.Int64, w);
  builder.addFeature('image/filename', FeatureType.String, filename);
  builder.addFeature('image/source_id', FeatureType.String, filename);
  builder.addFeature('image/key/sha256', FeatureType.String, crypto.createHash('sha256').update(encoded).digest('hex'));
  builder.addFeature('image/encoded', FeatureType.Binary, encoded);
  builder.addFeature('image/format', FeatureType.String, 'jpeg');
  builder.addArrayFeature('image/object/bbox/xmin', FeatureType.Float, boxes.map(b => Number(b[4]) / w));
  builder.addArrayFeature('image/object/bbox/xmax', FeatureType.Float, boxes.map(b => Number(b[6]) / w));
  builder.addArrayFeature('image/object/bbox/ymin', FeatureType.Float, boxes.map(b => Number(b[5]) / h));
  builder.addArrayFeature('image/object/bbox/ymax', FeatureType.Float, boxes.map(b => Number(b[7]) / h));
  builder.addArrayFeature('image/object/class/text', FeatureType.String, boxes.map(b => b[3]));
  builder.addArrayFeature('image/object/class/label', FeatureType.Int64, boxes.map(b => labelOf.get(b[3])));
  builder.addArrayFeature('image/object/difficult', FeatureType.Int64, boxes.map(() => 0));
  builder.addArrayFeature('image/object/truncated', FeatureType.Int64, boxes.map(() => 0));
  builder.addArrayFeature('image/object/view', FeatureType.Binary, boxes.map(() => new Uint8Array(0))); // String rejects ''
  builder.addArrayFeature('image/object/is_crowd', FeatureType.Int64, boxes.map(() => 0));
  builder.addArrayFeature('image/object/area', FeatureType.Float,
    boxes.map(b => (Number(b[6]) - Number(b[4])) * (Number(b[7]) - Number(b[5]))));
  const framed = TFRecordsBuilder.buildTFRecords([builder.build()]);
  fs.writeSync(out, framed);
  records++;
  bytes += framed.length;
}

fs.fsyncSync(out);
fs.closeSync(out);
process.stdout.write(JSON.stringify({ records, bytes }) + '\n');
