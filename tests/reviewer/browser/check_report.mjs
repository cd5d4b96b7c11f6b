// Opens Nova's night report (an HTML file) in Debian's headless Chromium through playwright-core
// and prints one JSON line: console errors, page errors, every request that is not file: or
// data: (http(s) ones are blocked), what the DOM holds (treemap cells, trend series), and where
// the screenshot went. Usage: node check_report.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot] = process.argv.slice(2);
if (!report || !screenshot) {
  console.error('usage: node check_report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}

const result = {
  consoleErrors: [], pageErrors: [], networkRequests: [], blockedRequests: [],
  treemapCells: 0, treemapPaths: [], trendSeries: [], screenshot: '', title: '',
};
const browser = await chromium.launch({
  executablePath: process.env.NOVA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 60000,
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') result.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => result.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:')) result.networkRequests.push(url);
  });
  await context.route(/^https?:|^wss?:|^ftp:/, (route) => {
    result.blockedRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load', timeout: 30000 });
  result.title = await page.title();
  const dom = await page.evaluate(() => ({
    treemapCells: document.querySelectorAll('svg#treemap .treemap-cell').length,
    treemapPaths: [...document.querySelectorAll('svg#treemap .treemap-cell')].map(
        (cell) => cell.getAttribute('data-path')),
    trendSeries: [...document.querySelectorAll('svg#trend-chart .trend-series')].map(
        (series) => series.getAttribute('data-rule')),
    trendChartWidth: document.querySelector('svg#trend-chart')?.getBoundingClientRect().width ?? 0,
    treemapWidth: document.querySelector('svg#treemap')?.getBoundingClientRect().width ?? 0,
    scripts: document.querySelectorAll('script').length,
  }));
  Object.assign(result, dom);
  await page.screenshot({ path: screenshot, fullPage: true });
  result.screenshot = screenshot;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
