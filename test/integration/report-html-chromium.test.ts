/**
 * Renders the HTML report of the fixture run in headless Chromium: the page must draw (a real screenshot)
 * and its script must run (the DOM after load shows the first failure in the side panel).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { toHtml } from '../../src/report/html';
import { fixtureRunResult } from '../fixtures/run-result';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_RUN_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;
const WINDOW = { width: 1400, height: 1000 };
/** A blank 1400x1000 PNG compresses to a few kB; the drawn report is far larger. */
const MIN_SCREENSHOT_BYTES = 40_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const run = promisify(execFile);
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(
    `skipping the HTML report browser test: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    `--window-size=${WINDOW.width},${WINDOW.height}`,
  ];
}

describeIfChromium('HTML report in headless Chromium', () => {
  jest.setTimeout(TEST_TIMEOUT_MS);
  let dir: string;
  let page: string;
  const result = fixtureRunResult();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amq-auth-html-'));
    page = join(dir, 'report.html');
    await writeFile(page, toHtml(result));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('draws the page (a screenshot of the window size with real content)', async () => {
    const shot = join(dir, 'report.png');
    await run(
      CHROMIUM,
      [...chromiumArgs(join(dir, 'profile-shot')), `--screenshot=${shot}`, pathToFileURL(page).href],
      {
        timeout: CHROMIUM_RUN_TIMEOUT_MS,
      },
    );
    const png = await readFile(shot);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height are the first two big-endian words after the chunk header
    expect(png.readUInt32BE(16)).toBe(WINDOW.width);
    expect(png.readUInt32BE(20)).toBe(WINDOW.height);
    expect((await stat(shot)).size).toBeGreaterThan(MIN_SCREENSHOT_BYTES);
  });

  it('shows the summary, the matrix cells and, once its script ran, the first failure', async () => {
    const { stdout: dom } = await run(
      CHROMIUM,
      [...chromiumArgs(join(dir, 'profile-dom')), '--dump-dom', pathToFileURL(page).href],
      { timeout: CHROMIUM_RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(dom).toContain('data-status="failed"');
    for (const [kind, n] of Object.entries(result.counts)) {
      expect(dom).toContain(`data-kind="${kind}"><b>${n}</b>`);
    }
    const cells = (verdict: string) =>
      dom.match(new RegExp(`class="cell [^"]*" data-case="\\d+" data-verdict="${verdict}"`, 'g')) ?? [];
    expect(cells('expectation-failure')).toHaveLength(1);
    expect(cells('model-disagreement')).toHaveLength(1);
    expect(cells('inconclusive')).toHaveLength(2);
    expect(cells('pass')).toHaveLength(result.counts.pass);
    // the script marked the page and copied the first failure into the side panel
    expect(dom).toMatch(/<html[^>]*class="js"/);
    const failure = result.verdicts.findIndex((v) => v.kind === 'expectation-failure');
    expect(dom).toContain(`id="detail" aria-live="polite" data-shown="${failure}"`);
    const panel = dom.slice(dom.indexOf('id="detail"'));
    expect(panel).toContain('billing cannot produce queue://ORDERS.new over stomp');
    expect(panel).toContain('RECEIPT receipt-id:send-15 for SEND queue://ORDERS.new');
    expect(dom).toMatch(new RegExp(`class="cell c-expectation-failure selected" data-case="${failure}"`));
    expect(dom).toMatch(/<section class="protocol active" data-protocol="stomp"/);
  });
});
