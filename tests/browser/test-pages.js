#!/usr/bin/env node
/*
 * The classroom pages in a real browser: Debian's chromium, driven over
 * the DevTools protocol with puppeteer-core.
 *
 * usage: node test-pages.js TFOSIM OUTDIR [SCENARIO | replay:TRACE ...]
 *
 * For each scenario (default: demo, a few built-ins and a real trace),
 * tfosim writes the page with --html (tfosim run SCENARIO, or tfosim replay
 * TRACE), and the JSON output (run: --format json --ladder all; replay:
 * --format json) says independently how many segments each connection
 * sent. In the browser:
 *  - the page loads with no console error, no page error and no request
 *    for anything but the page itself (it must be self-contained);
 *  - the ladder of each connection has one arrow per segment of the run;
 *  - going back to the start and stepping forward N times reveals N
 *    segments and N explanations, and the current sentence is segment N's
 *    (the last one's too, once stepped to the end);
 *  - clicking a segment shows its tcpdump line;
 *  - after scrolling to another connection, the keys step that one;
 *  - every arrow has a <title> and <desc> for screen readers;
 *  - printed mid-way through the steps, every segment and sentence shows;
 *  - a screenshot is not blank: it has both arrow colours in it.
 * Screenshots are left in OUTDIR as SCENARIO.png.
 *
 * CHROMIUM names the browser (default /usr/bin/chromium).
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const DEFAULT_SCENARIOS = ['demo', 'stale-cookie', 'option-stripper', 'syn-data-lost',
  'syn-data-dropper', 'nat-rebind', 'replay:cold-warm.pcap', 'replay:seed-blog.numbered.txt'];
const CLIENT_RGB = [0x00, 0x72, 0xb2];  /* Okabe-Ito blue, client -> server */
const SERVER_RGB = [0xd5, 0x5e, 0x00];  /* Okabe-Ito vermillion, server -> client */

let failures = 0;

function check(ok, what) {
  if (ok) {
    console.log('ok   ' + what);
  } else {
    console.log('FAIL ' + what);
    failures++;
  }
}

/* The segments of each traced connection, from the JSON output. */
function segmentsOf(tfosim, what) {
  if (what.trace) {
    const out = execFileSync(tfosim, ['replay', what.trace, '--format', 'json'],
      { maxBuffer: 64 << 20 });
    return JSON.parse(out.toString()).connections.slice(0, 20).map((c) => c.packets);
  }
  const out = execFileSync(tfosim, ['run', what.name, '--format', 'json', '--ladder', 'all'],
    { maxBuffer: 64 << 20 });
  const doc = JSON.parse(out.toString());
  return doc.connections.filter((c) => c.trace).map((c) =>
    c.trace.filter((e) => e.type === 'packet').length);
}

/* "demo" is a scenario; "replay:x.pcap" a trace, in TRACES (default ../../traces). */
function parse(arg) {
  if (!arg.startsWith('replay:')) return { name: arg, args: ['run', arg] };
  const file = arg.slice(7);
  const trace = path.isAbsolute(file) ? file :
    path.join(process.env.TRACES || path.join(__dirname, '..', '..', 'traces'), file);
  return { name: 'replay-' + path.basename(file).replace(/\.[^.]*$/, ''), trace,
    args: ['replay', trace] };
}

/* Counts pixels close to a colour, in a PNG, using the browser's own decoder. */
async function colourCounts(browser, png) {
  const page = await browser.newPage();
  await page.setContent('<canvas id="c"></canvas>');
  const counts = await page.evaluate(async (b64, colours) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.getElementById('c');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    const hits = colours.map(() => 0);
    let nonWhite = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240) nonWhite++;
      colours.forEach((rgb, k) => {
        if (Math.abs(px[i] - rgb[0]) < 12 && Math.abs(px[i + 1] - rgb[1]) < 12 &&
            Math.abs(px[i + 2] - rgb[2]) < 12) hits[k]++;
      });
    }
    return { nonWhite, hits };
  }, png.toString('base64'), [CLIENT_RGB, SERVER_RGB]);
  await page.close();
  return counts;
}

async function stepping(page, scenario, k, n, conn) {
  const steps = Math.min(n, 6);
  await page.click(`#conn${k} button[data-act="start"]`);
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  const seen = await page.evaluate((k) => {
    const sec = document.getElementById('conn' + k);
    return {
      segs: sec.querySelectorAll('.run-on .seg:not(.future)').length,
      notes: [...sec.querySelectorAll('.steps li')].filter((li) => !li.hidden).length,
      now: document.getElementById('now' + k).textContent,
      step: window.tfoLadder.step(k),
    };
  }, k);
  check(seen.step === steps && seen.segs === steps,
    `${scenario} #${k + 1}: ${steps} steps forward reveal ${steps} segments (${seen.segs})`);
  check(seen.notes === steps,
    `${scenario} #${k + 1}: ... and ${steps} explanations (${seen.notes})`);
  const want = conn.segs[steps - 1];
  check(steps === n || (seen.now.includes(want.why) && seen.now.includes(want.what)),
    `${scenario} #${k + 1}: the sentence shown is segment ${steps}'s`);
  await page.keyboard.press('ArrowLeft');
  const back = await page.evaluate((k) => window.tfoLadder.step(k), k);
  check(back === steps - 1, `${scenario} #${k + 1}: the left arrow goes back one step`);
  if (k !== 0) return;
  /* Stepped to the very end, the last segment's sentence shows. */
  for (let i = back; i < n; i++) await page.keyboard.press('ArrowRight');
  const end = await page.evaluate((k) => document.getElementById('now' + k).textContent, k);
  check(end.includes(conn.segs[n - 1].why) && end.includes(conn.segs[n - 1].what),
    `${scenario} #1: stepped to the end, the box says what the last segment did`);
}

async function details(page, scenario) {
  await page.click('#conn0 button[data-act="end"]');
  await page.click('#c0-on-s0');
  const shown = await page.evaluate(() => {
    const d = document.getElementById('details0');
    return d.hidden ? '' : d.textContent;
  });
  check(/tcpdump/.test(shown) && /Flags \[S\]/.test(shown),
    `${scenario}: a click on the first segment shows its tcpdump line`);
}

/* Screen readers get a title and a description per arrow; print shows everything. */
async function printed(page, scenario, arrows) {
  const labelled = await page.evaluate(() => [...document.querySelectorAll('.ladder .seg')]
    .every((g) => g.querySelector('title') && g.querySelector('title').textContent &&
      g.querySelector('desc') && g.querySelector('desc').textContent.length > 20));
  check(labelled, `${scenario}: every arrow has a title and a description`);
  await page.click('#conn0 button[data-act="start"]');
  await page.keyboard.press('ArrowRight');
  await page.emulateMediaType('print');
  const shown = await page.evaluate(() => {
    const sec = document.getElementById('conn0');
    const visible = (e) => getComputedStyle(e).display !== 'none';
    return {
      segs: [...sec.querySelectorAll('.run-on .seg')].filter(visible).length,
      notes: [...sec.querySelectorAll('.steps li')].filter(visible).length,
      controls: visible(sec.querySelector('.controls')),
    };
  });
  await page.emulateMediaType('screen');
  check(shown.segs === arrows[0] && shown.notes === arrows[0] && !shown.controls,
    `${scenario}: printed after one step, all ${arrows[0]} segments and sentences show, ` +
    `the controls do not (${shown.segs}, ${shown.notes}, ${shown.controls})`);
}

/* Scrolled to the last connection, the keys step it, not the one used before. */
async function followsTheView(page, scenario, arrows) {
  const last = arrows.length - 1;
  await page.click('#conn0 button[data-act="end"]');
  await page.evaluate((k) => {
    window.tfoLadder.act(k, 'end');
    window.tfoLadder.act(0, 'end');
    document.getElementById('conn' + k).scrollIntoView();
  }, last);
  await new Promise((r) => setTimeout(r, 200));
  await page.keyboard.press('ArrowLeft');
  const steps = await page.evaluate((k) => [window.tfoLadder.step(0), window.tfoLadder.step(k)], last);
  check(steps[0] === arrows[0] && steps[1] === arrows[last] - 1,
    `${scenario}: scrolled to connection ${last + 1}, ← steps it (${steps})`);
}

async function onePage(browser, tfosim, outdir, arg) {
  const what = parse(arg);
  const scenario = what.name;
  const file = path.join(outdir, scenario + '.html');
  execFileSync(tfosim, what.args.concat(['--html', file]), { stdio: ['ignore', 'ignore', 'inherit'] });
  const expected = segmentsOf(tfosim, what);
  const page = await browser.newPage();
  const problems = [];
  const url = 'file://' + path.resolve(file);
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  page.on('request', (r) => { if (r.url() !== url) problems.push('request: ' + r.url()); });
  await page.setViewport({ width: 1600, height: 1000 });
  await page.goto(url, { waitUntil: 'load' });
  check(problems.length === 0, `${scenario}: loads with no console error and no request` +
    (problems.length ? ' (' + problems.join('; ') + ')' : ''));

  const data = await page.evaluate(() => JSON.parse(document.getElementById('tfo-data').textContent));
  const arrows = await page.evaluate(() => [...document.querySelectorAll('section.conn')].map(
    (s) => s.querySelectorAll('.run-on .seg').length));
  check(arrows.length === expected.length && arrows.length > 0,
    `${scenario}: one ladder per traced connection (${arrows.length} of ${expected.length})`);
  expected.forEach((n, k) => check(arrows[k] === n,
    `${scenario} #${k + 1}: ${n} segments in the run, ${arrows[k]} arrows`));
  for (let k = 0; k < arrows.length; k++) {
    if (arrows[k] > 0) await stepping(page, scenario, k, arrows[k], data.conns[k]);
  }
  await details(page, scenario);
  await printed(page, scenario, arrows);
  if (arrows.length >= 3) await followsTheView(page, scenario, arrows);

  await page.click('#conn0 button[data-act="end"]');
  const png = await page.screenshot({ fullPage: false });
  fs.writeFileSync(path.join(outdir, scenario + '.png'), png);
  const c = await colourCounts(browser, png);
  check(c.nonWhite > 20000 && c.hits[0] > 200 && c.hits[1] > 200,
    `${scenario}: the screenshot is not blank (${c.nonWhite} inked pixels, ` +
    `${c.hits[0]} client blue, ${c.hits[1]} server vermillion)`);
  check(problems.length === 0, `${scenario}: no console error while stepping` +
    (problems.length ? ' (' + problems.join('; ') + ')' : ''));
  await page.close();
}

async function main() {
  const [tfosim, outdir, ...rest] = process.argv.slice(2);
  if (!tfosim || !outdir) {
    console.error('usage: node test-pages.js TFOSIM OUTDIR [SCENARIO...]');
    process.exit(2);
  }
  fs.mkdirSync(outdir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tfosim-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: 'new',
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const s of rest.length ? rest : DEFAULT_SCENARIOS) await onePage(browser, tfosim, outdir, s);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
