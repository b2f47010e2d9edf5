// The PouchDB peer for W1 of the benchmark suite (doorstep-bench runs it).
//
//   node peer.js load <server url> <db> <file.ndjson>   puts the documents into pouchdb-server
//   node peer.js replicate <server url> <db> <dir>       replicates <db> into a new local
//                                                        PouchDB (LevelDB) in <dir>, timed
//
// NODE_PATH must name the node_modules that hold pouchdb 9 (scripts/bench installs it).
// Prints one JSON object.
'use strict';
const fs = require('fs');
const readline = require('readline');
const PouchDB = require('pouchdb');

async function load(url, name, file) {
  const db = new PouchDB(`${url}/${name}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file) });
  let batch = [];
  let docs = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === 1000) {
      await putAll(db, batch);
      docs += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await putAll(db, batch);
    docs += batch.length;
  }
  const info = await db.info();
  console.log(JSON.stringify({ docs, doc_count: info.doc_count, update_seq: info.update_seq }));
}

async function putAll(db, docs) {
  const results = await db.bulkDocs(docs);
  const bad = results.filter((r) => r.error);
  if (bad.length) throw new Error(`bulkDocs refused ${bad.length}: ${JSON.stringify(bad[0])}`);
}

async function replicate(url, name, dir) {
  const local = new PouchDB(dir);
  const started = process.hrtime.bigint();
  const result = await PouchDB.replicate(`${url}/${name}`, local, { batch_size: 500 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const info = await local.info();
  console.log(JSON.stringify({ ms, docs_written: result.docs_written, doc_count: info.doc_count,
    ok: result.ok }));
  await local.close();
}

const [mode, url, name, arg] = process.argv.slice(2);
const run = mode === 'load' ? load(url, name, arg) : mode === 'replicate'
  ? replicate(url, name, arg) : Promise.reject(new Error('usage: peer.js load|replicate ...'));
run.catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
