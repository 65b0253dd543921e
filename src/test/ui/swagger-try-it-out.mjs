// Drives the Swagger UI in headless Chromium, as a person would: opens /swagger-ui/index.html through a proxy on
// another host and port, and runs "Try it out" on the counter's GET and increment. Passes when both answer
// 200 {"value": n} and the requests went to the origin the UI was loaded from (the proxy), not to the backend.
// Chromium is spoken to over --remote-debugging-pipe (CDP as NUL-terminated JSON on fds 3 and 4), so the check
// needs node and chromium only. Usage: node swagger-try-it-out.mjs http://localhost:8080 [chromium-binary]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const backend = new URL(process.argv[2] ?? 'http://localhost:8080');
const chromiumBinary = process.argv[3] ?? 'chromium';
const deadline = Date.now() + 45_000;

// A naive reverse proxy: it sets Host to the backend and adds no X-Forwarded-* headers, as many do.
const proxied = [];
const proxy = http.createServer((req, res) => {
  proxied.push(`${req.method} ${req.url}`);
  const upstream = http.request({ host: backend.hostname, port: backend.port, path: req.url, method: req.method,
    headers: { ...req.headers, host: backend.host } }, answer => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(upstream);
});
await new Promise(resolve => proxy.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${proxy.address().port}`;

const profile = mkdtempSync(join(tmpdir(), 'swagger-ui-check-'));
const chromium = spawn(chromiumBinary, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-dev-shm-usage', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
chromium.on('error', error => {
  console.log(`FAILED cannot start ${chromiumBinary}: ${error.message}`);
  process.exit(1);
});

let nextId = 1;
const pending = new Map();
let buffered = '';
chromium.stdio[4].on('data', chunk => {
  buffered += chunk.toString();
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    const waiter = pending.get(message.id);
    if (waiter) {
      pending.delete(message.id);
      message.error ? waiter.reject(new Error(message.error.message)) : waiter.resolve(message.result);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  chromium.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

let session;
async function evaluate(expression) {
  const { result, exceptionDetails } = await send('Runtime.evaluate',
    { expression, returnByValue: true, awaitPromise: true }, session);
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}
/** Polls until the expression is truthy (a condition with a deadline, never a fixed sleep). */
async function waitFor(what, expression) {
  while (Date.now() < deadline) {
    const value = await evaluate(expression);
    if (value) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Expands the operation, presses "Try it out" and "Execute", and reads what the UI shows. */
async function tryItOut(method, path) {
  const block = `[...document.querySelectorAll('.opblock-${method}')].find(b => b.querySelector(`
    + `'.opblock-summary-path')?.getAttribute('data-path') === ${JSON.stringify(path)})`;
  const q = selector => `${block}?.querySelector(${JSON.stringify(selector)})`;
  await waitFor(`${method.toUpperCase()} ${path} in the UI`, `!!${block}`);
  await evaluate(`${q('.opblock-summary-control')}.click()`);
  await waitFor('the Try it out button', `!!${q('.try-out__btn')}`);
  await evaluate(`${q('.try-out__btn')}.click()`);
  await waitFor('the Execute button', `!!${q('.execute')}`);
  await evaluate(`${q('.execute')}.click()`);
  const status = await waitFor('the response', `${q('.live-responses-table tbody .response-col_status')}`
    + `?.textContent.trim()`);
  const body = await evaluate(`${q('.live-responses-table tbody .microlight')}?.textContent`);
  const url = await evaluate(`${q('.request-url pre')}?.textContent.trim()`);
  return { status, body, url };
}

let failures = 0;
try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }));
  await send('Page.enable', {}, session);
  await send('Page.navigate', { url: `${origin}/swagger-ui/index.html` }, session);
  for (const [method, path] of [['get', '/api/counter'], ['post', '/api/counter/increment']]) {
    const result = await tryItOut(method, path);
    const value = JSON.parse(result.body ?? 'null')?.value;
    const ok = result.status === '200' && Number.isInteger(value) && result.url?.startsWith(`${origin}/api/counter`);
    console.log(`${ok ? 'ok    ' : 'FAILED'} Try it out ${method.toUpperCase()} ${path}: ${result.status} `
      + `${JSON.stringify(value)} via ${result.url}`);
    if (!ok) failures++;
  }
  const reached = proxied.filter(line => line.includes('/api/counter'));
  console.log(`${reached.length === 2 ? 'ok    ' : 'FAILED'} the proxy (the UI's origin) carried `
    + JSON.stringify(reached));
  if (reached.length !== 2) failures++;
} catch (error) {
  console.log(`FAILED ${error.message}`);
  failures++;
} finally {
  if (chromium.exitCode === null && chromium.signalCode === null) {
    const exited = new Promise(resolve => chromium.once('exit', resolve));
    chromium.kill();
    await exited;
  }
  proxy.close();
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    // Chromium's helper processes can outlive the browser by a moment and still write to the profile: the
    // check's verdict stands, only the temporary profile is left behind.
    console.log(`note   could not remove the temporary profile ${profile}: ${error.code}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
