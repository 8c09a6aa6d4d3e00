// Runs autocannon in its own process (so the load generator does not share the graph's event
// loop): node load-child.cjs <url> <token> <connections> <seconds> <bodies.json>
// Each connection sends the bodies in turn, round and round; prints autocannon's result as JSON.
const fs = require('node:fs');
const autocannon = require('autocannon');

const [url, token, connections, duration, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(fs.readFileSync(bodiesFile, 'utf8'));
autocannon(
  {
    url,
    method: 'POST',
    connections: Number(connections),
    duration: Number(duration),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: bodies.map((body) => ({ body })),
  },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
