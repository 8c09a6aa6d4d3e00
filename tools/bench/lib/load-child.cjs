// Runs autocannon in its own process (so the load generator does not share the graph's event
// loop): node load-child.cjs <url> <token> <connections> <seconds> <bodies.json>
// Each connection sends the bodies in turn, round and round, each starting at another one (so
// that connections do not walk the list in step and send the same body at the same moment);
// prints autocannon's result as JSON.
const fs = require('node:fs');
const autocannon = require('autocannon');

const [url, token, connections, duration, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(fs.readFileSync(bodiesFile, 'utf8'));
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const requests = bodies.map((body) => ({ method: 'POST', headers, body }));
const stride = Math.max(1, Math.floor(requests.length / Number(connections)));
let clients = 0;
autocannon(
  {
    url,
    method: 'POST',
    connections: Number(connections),
    duration: Number(duration),
    headers,
    requests,
    setupClient: (client) => {
      const start = (clients++ * stride) % requests.length;
      client.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
    },
  },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
