// Live check of docker/nats/auth.conf against a real nats-server (started by validate-compose.sh
// on a loopback port with that file included). Uses the workspace's `nats` client package.
//
//   NATS_URL=nats://127.0.0.1:PORT NATS_<APP>_PASSWORD=... node tools/deploy/nats-permissions-smoke.mjs
//
// Prints one line per check and exits 1 if any check fails.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(repoRoot, 'package.json'));
const { AckPolicy, connect, StringCodec } = require('nats');

const sc = StringCodec();
const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const apps = ['gateway', 'identification', 'housing', 'medical', 'education', 'exit-verification'];
const password = (app) => process.env[`NATS_${app.toUpperCase().replace(/-/g, '_')}_PASSWORD`];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  nats: ${what}`);
  if (!ok) failures++;
};

async function open(user, pass = password(user)) {
  const nc = await connect({ servers, user, pass, reconnect: false, name: `smoke-${user}` });
  const denied = [];
  (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'error' && s.permissionContext) {
        denied.push(`${s.permissionContext.operation}:${s.permissionContext.subject}`);
      }
    }
  })();
  return { nc, denied };
}

// Publish or subscribe, flush, and report whether the server refused it.
async function refused(conn, op, subject) {
  if (op === 'publish') conn.nc.publish(subject, sc.encode('x'));
  else conn.nc.subscribe(subject, { callback: () => {} });
  await conn.nc.flush();
  await sleep(50);
  return conn.denied.includes(`${op === 'publish' ? 'publish' : 'subscription'}:${subject}`);
}

const conns = {};
try {
  // 1. every app's user authenticates with its own password, and no other
  for (const app of apps) {
    conns[app] = await open(app);
    check(true, `${app} authenticates`);
  }
  try {
    const nc = await connect({ servers, user: 'housing', pass: password('medical'), reconnect: false });
    await nc.close();
    check(false, 'housing is refused with medical\'s password');
  } catch {
    check(true, 'housing is refused with medical\'s password');
  }
  try {
    const nc = await connect({ servers, reconnect: false });
    await nc.close();
    check(false, 'anonymous connection is refused');
  } catch {
    check(true, 'anonymous connection is refused');
  }

  // 2. request/reply: gateway -> housing queue group -> reply on the gateway's inbox
  const housing = conns.housing;
  housing.nc.subscribe('case.housing.ping', {
    queue: 'housing',
    callback: (_err, msg) => msg.respond(sc.encode('pong')),
  });
  check(!(await refused(housing, 'subscribe', 'case.housing.>')), 'housing may subscribe case.housing.>');
  const reply = await conns.gateway.nc.request('case.housing.ping', sc.encode('ping'), { timeout: 2000 });
  check(sc.decode(reply.data) === 'pong', 'gateway request case.housing.ping is answered by housing');

  // roster queries: gateway -> identification queue group
  const identification = conns.identification;
  identification.nc.subscribe('roster.households.list', {
    queue: 'identification',
    callback: (_err, msg) => msg.respond(sc.encode('[]')),
  });
  await identification.nc.flush();
  const roster = await conns.gateway.nc.request('roster.households.list', sc.encode('{}'), { timeout: 2000 });
  check(sc.decode(roster.data) === '[]', 'gateway request roster.households.list is answered by identification');

  // 3. services stay in their lane
  check(await refused(housing, 'subscribe', 'roster.>'), 'housing may NOT subscribe roster.>');
  check(await refused(housing, 'subscribe', 'case.medical.>'), 'housing may NOT subscribe case.medical.>');
  check(await refused(housing, 'publish', 'case.medical.declare'), 'housing may NOT publish case.medical.declare');
  check(!(await refused(housing, 'subscribe', 'events.>')), 'housing may subscribe events.>');
  check(
    !(await refused(conns['exit-verification'], 'subscribe', 'case.exit-verification.>')),
    'exit-verification may subscribe case.exit-verification.>',
  );

  // 4. gateway: commands out, replies in, nothing else
  check(await refused(conns.gateway, 'subscribe', 'case.>'), 'gateway may NOT subscribe case.>');
  check(await refused(conns.gateway, 'subscribe', 'events.>'), 'gateway may NOT subscribe events.>');
  check(await refused(conns.gateway, 'subscribe', 'roster.>'), 'gateway may NOT subscribe roster.>');
  check(await refused(conns.gateway, 'publish', 'events.housing.case-closed'), 'gateway may NOT publish events.>');

  // 5. JetStream: a service manages its stream and publishes with ack; the gateway only reads
  const jsm = await housing.nc.jetstreamManager();
  await jsm.streams.add({ name: 'SMOKE_EVENTS', subjects: ['events.>'] });
  const ack = await housing.nc.jetstream().publish('events.housing.smoke', sc.encode('{}'), { msgID: 'smoke-1' });
  check(ack.stream === 'SMOKE_EVENTS' && ack.seq >= 1, 'housing creates a stream and gets a publish ack');

  // exit-verification consumes housing's event through a durable pull consumer and acks it
  const ev = conns['exit-verification'].nc;
  await (await ev.jetstreamManager()).consumers.add('SMOKE_EVENTS', {
    durable_name: 'smoke-exit-verification',
    ack_policy: AckPolicy.Explicit,
    filter_subject: 'events.housing.>',
  });
  const consumer = await ev.jetstream().consumers.get('SMOKE_EVENTS', 'smoke-exit-verification');
  const msg = await consumer.next({ expires: 2000 });
  check(msg?.subject === 'events.housing.smoke' && (await msg.ackAck()) === true,
    'exit-verification reads housing\'s event via a durable consumer and acks it');

  const gjsm = await conns.gateway.nc.jetstreamManager();
  const info = await gjsm.streams.info('SMOKE_EVENTS');
  check(info.state.messages >= 1, 'gateway may read stream info');
  let created = false;
  try {
    await gjsm.streams.add({ name: 'SMOKE_GATEWAY', subjects: ['smoke.gateway.>'] });
    created = true;
  } catch {
    /* refused or timed out: both mean no */
  }
  check(!created, 'gateway may NOT create a stream');
  let purged = false;
  try {
    await gjsm.streams.purge('SMOKE_EVENTS');
    purged = true;
  } catch {
    /* refused */
  }
  check(!purged, 'gateway may NOT purge a stream');
  await jsm.streams.delete('SMOKE_EVENTS');
} catch (err) {
  check(false, `unexpected error: ${err?.message ?? err}`);
} finally {
  await Promise.all(Object.values(conns).map((c) => c.nc.close().catch(() => {})));
}

console.log(failures === 0 ? 'nats permissions: all checks passed' : `nats permissions: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
