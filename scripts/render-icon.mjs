// Renders media/icon.svg to the 128×128 media/icon.png the manifest names (run after editing the SVG).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const svg = readFileSync('media/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: 'media/icon.png', omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await browser.close();
