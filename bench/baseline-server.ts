import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

/**
 * The bench's baseline: a bare Fastify 5 route (no plugins, no logger, no hooks) answering a prebuilt Buffer with
 * the bytes of the default /v1/statements page. What the API costs beyond Fastify is the ratio to this.
 * Started by bench/run-bench.ts in its own process; prints `listening PORT` once it listens.
 */
const bodyFile = process.env.BASELINE_BODY_FILE;
if (!bodyFile) {
  process.stderr.write('BASELINE_BODY_FILE is required\n');
  process.exit(1);
}
const body = readFileSync(bodyFile);

const app = Fastify({ logger: false });
app.get('/baseline', (_request, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(body);
});

// Nothing to finish or close: a stop is immediate, even with the bench's connections still open.
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));

await app.listen({ port: 0, host: process.env.HOST ?? '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
