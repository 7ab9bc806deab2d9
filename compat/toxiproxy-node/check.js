// Every call of Toxiproxy's Node client (toxiproxy-node-client, version pinned in package.json) against a
// running tcpgate, checked against what Toxiproxy answers. Exits 1 at the first mismatch, naming it.
//   TOXIPROXY_URL=http://127.0.0.1:27474 UPSTREAM=127.0.0.1:27475 node check.js
// UPSTREAM is an echo server (the config next to this file starts one inside the gateway).
"use strict";
const assert = require("node:assert/strict");
const net = require("node:net");
const { Toxiproxy } = require("toxiproxy-node-client");

const host = process.env.TOXIPROXY_URL || "http://127.0.0.1:27474";
const upstream = process.env.UPSTREAM || "127.0.0.1:27475";
const toxiproxy = new Toxiproxy(host);

// The toxics the client's types name, with attributes ("down" is none: the client's docs say it is a
// disable, proxy.update({enabled: false})).
const TOXICS = {
  latency: { latency: 100, jitter: 10 },
  bandwidth: { rate: 100 },
  slow_close: { delay: 100 },
  timeout: { timeout: 100 },
  slicer: { average_size: 10, size_variation: 5, delay: 10 },
  limit_data: { bytes: 10 },
  reset_peer: { timeout: 100 },
};

/** Sends a line through a proxy's listen address and expects it back (the upstream echoes), within 5 s. */
function echoes(listen, line) {
  const i = listen.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(listen.slice(i + 1)), listen.slice(0, i).replace(/^\[|\]$/g, ""));
    let got = "";
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no echo through ${listen} within 5 s (got ${JSON.stringify(got)})`)); }, 5000);
    s.on("connect", () => s.write(line));
    s.on("data", (d) => {
      got += d;
      if (got === line) { clearTimeout(timer); s.end(); resolve(); }
    });
    s.on("error", (e) => { clearTimeout(timer); reject(e); });
    s.on("close", () => { clearTimeout(timer); reject(new Error(`${listen} closed the connection (got ${JSON.stringify(got)})`)); });
  });
}

/** Expects a client call to be refused with HTTP status {@code status}. */
async function refused(status, call) {
  await assert.rejects(call, (e) => e.message === `Request failed with status code ${status}`);
}

const toxicNames = async (proxy) => (await toxiproxy.getApi().get(`${host}/proxies/${proxy}/toxics`)).data.map((t) => t.name);

const steps = [];
const step = (label, fn) => steps.push([label, fn]);
let proxy;
let toxic;

step("getVersion", async () => assert.match(JSON.parse(await toxiproxy.getVersion()).version, /\S/));
step("createProxy on localhost:0 answers the address bound", async () => {
  proxy = await toxiproxy.createProxy({ name: "compat", listen: "localhost:0", upstream });
  assert.equal(proxy.name, "compat");
  assert.match(proxy.listen, /^127\.0\.0\.1:[1-9]\d*$/);
  assert.equal(proxy.upstream, upstream);
  assert.equal(proxy.enabled, true);
  await echoes(proxy.listen, "through the proxy\n");
});
step("createProxy of an existing name: 409", () => refused(409, toxiproxy.createProxy({ name: "compat", listen: "localhost:0", upstream })));
step("get", async () => assert.deepEqual((await toxiproxy.get("compat")).toJson(), proxy.toJson()));
step("get of an unknown proxy: 404", () => refused(404, toxiproxy.get("no-such-proxy")));
step("getAll", async () => assert.deepEqual((await toxiproxy.getAll()).compat.toJson(), proxy.toJson()));
step("update({...proxy, enabled: false}) and back", async () => {
  const off = await proxy.update({ ...proxy, enabled: false });
  assert.deepEqual(off.toJson(), { ...proxy.toJson(), enabled: false });
  const on = await off.update({ ...off, enabled: true });
  assert.deepEqual(on.toJson(), proxy.toJson());
  await echoes(on.listen, "enabled again\n");
});
for (const [type, attributes] of Object.entries(TOXICS)) {
  step(`addToxic ${type}`, async () => {
    const t = await proxy.addToxic({ type, attributes });
    assert.deepEqual(t.toJson(), { name: `${type}_downstream`, type, stream: "downstream", toxicity: 1, attributes: { ...t.attributes, ...attributes } });
  });
}
step("addToxic of an existing name: 409", () => refused(409, proxy.addToxic({ type: "latency", attributes: { latency: 1 } })));
step("addToxic of an unknown type: 400", () => refused(400, proxy.addToxic({ type: "no_such_toxic", attributes: {} })));
step("addToxic upstream, toxicity 0.5, listed first", async () => {
  const t = await proxy.addToxic({ name: "up", type: "latency", stream: "upstream", toxicity: 0.5, attributes: { latency: 5 } });
  assert.deepEqual(t.toJson(), { name: "up", type: "latency", stream: "upstream", toxicity: 0.5, attributes: { latency: 5, jitter: 0 } });
  assert.deepEqual(await toxicNames("compat"), ["up", ...Object.keys(TOXICS).map((type) => `${type}_downstream`)]);
});
step("getToxic", async () => {
  toxic = await proxy.getToxic("latency_downstream");
  assert.deepEqual(toxic.toJson(), { name: "latency_downstream", type: "latency", stream: "downstream", toxicity: 1, attributes: TOXICS.latency });
});
step("getToxic of an unknown toxic: 404", () => refused(404, proxy.getToxic("no-such-toxic")));
step("toxic update({...toxic, attributes}) merges the attributes", async () => {
  const t = await toxic.update({ ...toxic, attributes: { latency: 20 } });
  assert.deepEqual(t.toJson(), { ...toxic.toJson(), attributes: { latency: 20, jitter: 10 } });
  assert.deepEqual((await proxy.getToxic("latency_downstream")).toJson(), t.toJson());
});
step("toxic update of the toxicity", async () => assert.equal((await toxic.update({ toxicity: 0.25 })).toxicity, 0.25));
step("toxic remove", async () => {
  await toxic.remove();
  await refused(404, proxy.getToxic("latency_downstream"));
  await refused(404, toxic.remove());
});
step("populate(Object.values(getAll())) keeps the proxies as they are", async () => {
  const before = await toxicNames("compat");
  const populated = await toxiproxy.populate(Object.values(await toxiproxy.getAll()));
  assert.deepEqual(populated.compat.toJson(), proxy.toJson());
  assert.deepEqual(await toxicNames("compat"), before);
});
step("populate creates a proxy and disables one", async () => {
  const populated = await toxiproxy.populate([
    { name: "compat2", listen: "127.0.0.1:0", upstream },
    { ...proxy, enabled: false },
  ]);
  assert.equal(populated.compat2.enabled, true);
  assert.match(populated.compat2.listen, /^127\.0\.0\.1:[1-9]\d*$/);
  assert.equal(populated.compat.enabled, false);
  await echoes(populated.compat2.listen, "a populated proxy\n");
});
step("populate with an entry missing upstream: 400", () => refused(400, toxiproxy.populate([{ name: "compat3", listen: "127.0.0.1:0" }])));
step("reset enables every proxy and removes every toxic", async () => {
  await toxiproxy.reset();
  assert.equal((await toxiproxy.get("compat")).enabled, true);
  assert.deepEqual(await toxicNames("compat"), []);
  await echoes(proxy.listen, "after the reset\n");
});
step("remove", async () => {
  await proxy.remove();
  await (await toxiproxy.get("compat2")).remove();
  await refused(404, toxiproxy.get("compat"));
  assert.deepEqual(Object.keys(await toxiproxy.getAll()).filter((n) => n.startsWith("compat")), []);
});

(async () => {
  for (const [label, fn] of steps) {
    try {
      await fn();
      console.log(`ok   ${label}`);
    } catch (e) {
      console.log(`FAIL ${label}: ${e.message}`);
      process.exit(1);
    }
  }
  console.log(`toxiproxy-node-client: ${steps.length} checks passed against ${host}`);
})();
