// Real-browser end-to-end checks for partnerlink.
//
//   node run.mjs <baseUrl> <outDir>
//
// Drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through
// playwright-core against a running partnerlink server that was started with
// a fresh database and demo data (PARTNERLINK_DEMO=true). It never downloads a
// browser. Scenarios:
//
//   a. seed flow: partner copies the email, customer accepts, removes DAP
//   b. language switcher on both sides keeps the path and sets <html lang>
//   c. the same flow with JavaScript disabled (plain form posts)
//   e. keyboard-only walk of the request screen (order, focus ring, aria-live)
//   f. screenshots (1280x900, and 360x740 for the request screen)
//   d. axe-core on every page in en, ru and zh-CN (serious/critical fail)
//   g. raw HTML of every page saved to <outDir>/html and checked with the Nu
//      HTML checker (vnu-jar) when java is available
//   j. delegated-admin request: create (a refusal keeps what was typed), copy
//      the email, the customer approves a subset for fewer days, both sides
//      see it, the customer removes a role and ends it
//
// Every check is a named step. A failing step prints its name, the error and
// the page URL, saves <outDir>/failure-<step>.png and makes the run exit 1; the
// remaining steps of that scenario are skipped, other scenarios still run.
// Selectors use element ids, form actions and field names from DESIGN.md, never
// visible text (which is localized).

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------
// Arguments and constants
// ---------------------------------------------------------------------------

const [baseArg, outArg] = process.argv.slice(2);
if (!baseArg || !outArg) {
  console.error('usage: node run.mjs <baseUrl> <outDir>');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
const ORIGIN = new URL(BASE).origin;
const OUT = path.resolve(outArg);
const HTML_OUT = path.join(OUT, 'html');
fs.mkdirSync(HTML_OUT, { recursive: true });
for (const name of fs.readdirSync(HTML_OUT)) {
  if (name.endsWith('.html')) fs.rmSync(path.join(HTML_OUT, name));
}
for (const name of fs.readdirSync(OUT)) {
  if (name.startsWith('failure-') && name.endsWith('.png')) fs.rmSync(path.join(OUT, name));
}

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REQUIRE_ALL = process.env.PARTNERLINK_REQUIRE_ALL === '1';
const LANGS = ['en', 'ru', 'zh-CN'];
const PASSWORD = 'demo-password';
const PARTNER = { email: 'admin@northwind.example', name: 'Northwind Cloud Partners' };
const CUSTOMER = { email: 'admin@tailspin.example', name: 'Tailspin Toys' };
const STEP_TIMEOUT_MS = 20_000;
const WHOLE_RUN_TIMEOUT_MS = 12 * 60_000;
const SUBMIT = 'button:not([type=button]):not([type=reset]), input[type=submit]';
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 360, height: 740 };

const watchdog = setTimeout(() => {
  console.error(`\nbrowser tests: gave up after ${WHOLE_RUN_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, WHOLE_RUN_TIMEOUT_MS);
watchdog.unref();

// ---------------------------------------------------------------------------
// Step bookkeeping
// ---------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const failures = [];
let currentPage = null; // the page a failure screenshot is taken of

class ScenarioAborted extends Error {}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

async function step(name, fn) {
  const started = Date.now();
  try {
    const result = await fn();
    passed += 1;
    console.log(`  ok    ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    failed += 1;
    const message = error && error.stack ? error.stack : String(error);
    failures.push({ name, message: String(error && error.message ? error.message : error) });
    console.log(`  FAIL  ${name}`);
    console.log(indent(message, '        '));
    if (currentPage && !currentPage.isClosed()) {
      const file = path.join(OUT, `failure-${slug(name)}.png`);
      try {
        console.log(`        page: ${currentPage.url()}`);
        await currentPage.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        console.log(`        screenshot: ${file}`);
      } catch (shotError) {
        console.log(`        (no screenshot: ${shotError.message})`);
      }
    }
    throw new ScenarioAborted(name);
  }
}

// A step whose failure is recorded but does not end its scenario.
async function check(name, fn) {
  try {
    return await step(name, fn);
  } catch (error) {
    if (!(error instanceof ScenarioAborted)) throw error;
    return undefined;
  }
}

async function scenario(title, fn) {
  console.log(`\n${title}`);
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof ScenarioAborted)) {
      failed += 1;
      failures.push({ name: `${title} (unexpected error)`, message: String(error && error.stack) });
      console.log(`  FAIL  ${title}: unexpected error\n${indent(String(error && error.stack), '        ')}`);
    } else {
      console.log(`  ..    remaining steps of this scenario skipped`);
    }
  } finally {
    currentPage = null;
  }
}

function indent(text, prefix) {
  return String(text)
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------
// Browser helpers
// ---------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
console.log(`Chromium ${browser.version()} against ${BASE}; output in ${OUT}`);

// Console errors (CSP violations, script errors) seen in contexts that run the
// app's own JavaScript under its real CSP.
const consoleProblems = [];

async function newContext(options = {}) {
  const { watchConsole = true, ...rest } = options;
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: DESKTOP,
    locale: 'en-US',
    ...rest,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  if (watchConsole) {
    context.on('page', (page) => watchPage(page));
  }
  return context;
}

function watchPage(page) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/favicon\.ico/.test(text)) return;
    // Expected non-2xx responses (the 404/403 pages we open on purpose) are
    // reported by Chromium as "Failed to load resource"; the page itself is
    // checked by status code, so only resource errors of sub-resources count.
    if (/^Failed to load resource: the server responded with a status of (40[34])/.test(text)) {
      const location = message.location();
      if (!location || !location.url || location.url === page.url()) return;
    }
    consoleProblems.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`${page.url()}: uncaught ${error.message}`));
}

async function newPage(context) {
  const page = await context.newPage();
  currentPage = page;
  return page;
}

function url(pathOrUrl, params = {}) {
  const result = new URL(pathOrUrl, BASE + '/');
  for (const [key, value] of Object.entries(params)) result.searchParams.set(key, value);
  return result.toString();
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

async function visit(page, target, { expectStatus = [200] } = {}) {
  currentPage = page;
  const response = await page.goto(url(target), { waitUntil: 'load' });
  assert(response, `no response for ${target}`);
  const status = response.status();
  assert(
    expectStatus.includes(status),
    `GET ${target} answered ${status}, expected ${expectStatus.join(' or ')} (now at ${page.url()})`,
  );
  return response;
}

// Clicks a submit control and waits for the resulting navigation.
async function submitWith(page, control) {
  currentPage = page;
  await control.waitFor({ state: 'visible' });
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), control.click()]);
  return response;
}

// Submit control of the first form whose action matches.
function formSubmit(page, actionSelector) {
  return page.locator(`form${actionSelector}`).first().locator(SUBMIT).first();
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

async function mainText(page) {
  return page.evaluate(() => (document.querySelector('main') || document.body).innerText);
}

async function signIn(page, side, email, { alreadyThere = false } = {}) {
  if (!alreadyThere) await visit(page, `/${side}/sign-in`);
  assert(pathOf(page) === `/${side}/sign-in`, `expected the ${side} sign-in page, at ${page.url()}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  const response = await submitWith(page, formSubmit(page, `[action^="/${side}/sign-in"]`));
  assert(
    response && response.status() < 400,
    `sign-in as ${email} answered ${response && response.status()}`,
  );
  assert(
    !pathOf(page).endsWith('/sign-in'),
    `still on the sign-in page after signing in as ${email}: ${page.url()}`,
  );
}

async function fieldValue(page, selector) {
  const element = page.locator(selector);
  await element.waitFor({ state: 'attached' });
  return element.evaluate((node) => ('value' in node ? node.value : node.textContent) || '');
}

// Links on the current page whose path matches `pattern`, with the text of
// the closest row/list item/card around each, for choosing one by content.
async function linksMatching(page, pattern) {
  const links = await page.evaluate(() =>
    Array.from(document.querySelectorAll('main a[href]')).map((a) => {
      const around = a.closest('tr, li, article, section, .card, dd, div') || a;
      return { href: a.getAttribute('href'), text: a.textContent.trim(), context: around.textContent };
    }),
  );
  return links.filter((link) => {
    try {
      return pattern.test(new URL(link.href, BASE + '/').pathname);
    } catch {
      return false;
    }
  });
}

async function readClipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

function normalize(text) {
  return String(text).replace(/\r\n?/g, '\n').trim();
}

// ---------------------------------------------------------------------------
// Shared state between scenarios
// ---------------------------------------------------------------------------

const state = {
  invitationLink: null, // absolute URL as the partner copies it
  invitationPath: null, // path + query, requested on BASE
  customerId: null, // /partner/customers/<id>
  subscriptionPath: null, // /admin/subscriptions/<id>/partner-of-record
  removedService: null, // service code whose DAP scenario a removed
  partnerId: null, // /admin/partner-relationships/<id>
};

function invitationOnBase() {
  return url(state.invitationPath);
}

async function ensureInvitationLink() {
  if (state.invitationLink) return;
  const context = await newContext();
  try {
    const page = await newPage(context);
    await signIn(page, 'partner', PARTNER.email);
    await visit(page, '/partner/customers/request-relationship');
    rememberInvitation(await fieldValue(page, '#invitation-link'));
  } finally {
    await context.close();
  }
}

function rememberInvitation(link) {
  link = link.trim();
  assert(/^https?:\/\//.test(link), `#invitation-link is not an absolute URL: "${link}"`);
  const parsed = new URL(link);
  assert(
    parsed.pathname === '/admin/partner-invitation',
    `invitation link path is ${parsed.pathname}, expected /admin/partner-invitation`,
  );
  assert(parsed.searchParams.get('token'), `invitation link has no token: ${link}`);
  if (parsed.origin !== ORIGIN) {
    console.log(`        note: invitation link origin ${parsed.origin} differs from ${ORIGIN}; using the path on ${ORIGIN}`);
  }
  state.invitationLink = link;
  state.invitationPath = parsed.pathname + parsed.search;
}

// ---------------------------------------------------------------------------
// Scenario a: seed flow
// ---------------------------------------------------------------------------

async function acceptInvitation(page, { javaScript, ensureService = null }) {
  await step(`${javaScript} customer ticks accept_agreement and submits the accept form`, async () => {
    const form = page.locator('form[action="/admin/partner-invitation"]').first();
    await form.waitFor({ state: 'attached' });
    const tokenField = form.locator('input[name=token]');
    assert((await tokenField.count()) === 1, 'accept form has no `token` field');
    assert((await form.locator('input[name=csrf_token]').count()) === 1, 'accept form has no `csrf_token` field');
    const services = form.locator('input[name=services]');
    const count = await services.count();
    if (ensureService) {
      const box = form.locator(`input[name=services][value="${ensureService}"]`);
      assert((await box.count()) === 1, `no services checkbox for "${ensureService}" (DAP was removed, so it should be offered again)`);
      await box.check();
    }
    let checked = 0;
    for (let i = 0; i < count; i += 1) if (await services.nth(i).isChecked()) checked += 1;
    if (checked === 0) {
      for (let i = 0; i < count; i += 1) {
        if (await services.nth(i).isEnabled()) {
          await services.nth(i).check();
          break;
        }
      }
    }
    await form.locator('input[name=accept_agreement]').check();
    const response = await submitWith(page, form.locator(SUBMIT).first());
    assert(response && response.status() < 400, `accepting answered ${response && response.status()}`);
  });
  await step(`${javaScript} customer lands on /admin/partner-relationships listing ${PARTNER.name}`, async () => {
    assert(
      pathOf(page) === '/admin/partner-relationships',
      `after accepting, at ${page.url()} instead of /admin/partner-relationships`,
    );
    const text = await mainText(page);
    assert(text.includes(PARTNER.name), `"${PARTNER.name}" is not on the relationships page`);
  });
}

// Number of remove-delegated-admin forms on the page that target `service`.
// Creates a delegated-admin request as the signed-in partner admin agent;
// returns its id (the request's page is open afterwards).
async function createGdapRequest(page, name, roles, days = '90') {
  await visit(page, '/partner/delegated-admin-requests/new');
  await page.locator('input[name=display_name]').fill(name);
  await page.locator('input[name=duration_days]').fill(days);
  for (const role of roles) await page.locator(`input[name=roles][value="${role}"]`).check();
  const response = await submitWith(page, formSubmit(page, '[action="/partner/delegated-admin-requests/new"]'));
  assert(response && response.status() === 200, `creating the request answered ${response && response.status()}`);
  const match = pathOf(page).match(/^\/partner\/delegated-admin-requests\/([^/]+)$/);
  assert(match && match[1] !== 'new', `not on the request's page after creating it: ${page.url()}`);
  return match[1];
}

async function removalFormsFor(page, service) {
  return page.evaluate((code) => {
    let n = 0;
    for (const form of document.querySelectorAll('form[action$="/remove-delegated-admin"]')) {
      for (const field of form.querySelectorAll('[name=service]')) {
        const values = field.tagName === 'SELECT' ? Array.from(field.options).map((o) => o.value) : [field.value];
        if (values.includes(code)) n += 1;
      }
    }
    return n;
  }, service);
}

async function scenarioSeedFlow() {
  const partnerContext = await newContext();
  await partnerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const page = await newPage(partnerContext);

  await step('a1 partner signs in at /partner/sign-in', () => signIn(page, 'partner', PARTNER.email));

  await step('a2 partner opens /partner/customers/request-relationship', async () => {
    await visit(page, '/partner/customers/request-relationship');
    for (const id of ['invitation-link', 'email-paragraph-1', 'email-paragraph-2', 'email-link-paragraph', 'copy-email', 'copy-status']) {
      assert((await page.locator(`#${id}`).count()) === 1, `#${id} is missing (or not unique)`);
    }
  });

  const link = await step('a3 #invitation-link holds the invitation link, also in #email-link-paragraph', async () => {
    const value = await fieldValue(page, '#invitation-link');
    rememberInvitation(value);
    const readOnly = await page.locator('#invitation-link').evaluate((n) => n.readOnly === true || n.tagName !== 'INPUT');
    assert(readOnly, '#invitation-link is not read-only');
    const paragraph = await page.locator('#email-link-paragraph').innerText();
    assert(paragraph.includes(value.trim()), `#email-link-paragraph does not contain the link: "${paragraph}"`);
    return value.trim();
  });

  const paragraph1 = normalize(await page.locator('#email-paragraph-1').inputValue());

  await step('a4 #copy-email copies paragraph 1 and the exact link; #copy-status announces it', async () => {
    await page.locator('#copy-email').click();
    await page.waitForFunction(() => {
      const status = document.getElementById('copy-status');
      return status && status.textContent.trim() !== '';
    });
    const clip = await readClipboard(page);
    assert(clip.includes(link), `clipboard does not contain the link ${link}:\n${clip}`);
    assert(!/[\u2066-\u2069]/.test(clip), 'clipboard text contains Unicode isolation marks (U+2066..U+2069)');
    assert(paragraph1 === '' || normalize(clip).includes(paragraph1), `clipboard lacks paragraph 1 ("${paragraph1}"):\n${clip}`);
    const fallback = page.locator('#email-fallback');
    if ((await fallback.count()) > 0) {
      assert(!(await fallback.isVisible()), 'the copy fallback area is shown although the clipboard worked');
    }
  });

  await step('a5 editing #email-paragraph-1 and copying again puts the edited text on the clipboard', async () => {
    const edited = `Hello from the browser test ${Date.now()} — привет, 你好.`;
    await page.locator('#email-paragraph-1').fill(edited);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.locator('#copy-email').click();
    await page.waitForFunction(
      async (text) => (await navigator.clipboard.readText()).includes(text),
      edited,
      { timeout: 5_000 },
    ).catch(() => {});
    const clip = await readClipboard(page);
    assert(clip.includes(edited), `clipboard lacks the edited paragraph:\n${clip}`);
    assert(clip.includes(link), `clipboard lost the link after editing:\n${clip}`);
    if (paragraph1 && !edited.includes(paragraph1)) {
      assert(!normalize(clip).includes(paragraph1), 'clipboard still contains the original paragraph 1');
    }
    const mailto = page.locator('#mailto-link, a[href^="mailto:"]').first();
    if ((await mailto.count()) > 0) {
      const href = await mailto.getAttribute('href');
      assert(decodeURIComponent(href).includes(link), `mailto link lacks the invitation link: ${href}`);
    }
  });

  // --- the customer ---------------------------------------------------------
  const customerContext = await newContext();
  const customer = await newPage(customerContext);

  await step('a6 signed-out customer following the link lands on /admin/sign-in?next=…', async () => {
    await visit(customer, invitationOnBase());
    const at = new URL(customer.url());
    assert(at.pathname === '/admin/sign-in', `expected /admin/sign-in, at ${customer.url()}`);
    const next = at.searchParams.get('next');
    assert(next && next.startsWith('/admin/partner-invitation'), `next= does not point back to the invitation: ${customer.url()}`);
  });

  await step('a7 customer signs in and is back on the invitation page', async () => {
    await signIn(customer, 'admin', CUSTOMER.email, { alreadyThere: true });
    const at = new URL(customer.url());
    assert(at.pathname === '/admin/partner-invitation', `after sign-in at ${customer.url()}`);
    assert(
      at.searchParams.get('token') === new URL(state.invitationLink).searchParams.get('token'),
      'the token changed on the way through sign-in',
    );
    const text = await mainText(customer);
    assert(text.includes(PARTNER.name), `invitation page does not name ${PARTNER.name}`);
  });

  await acceptInvitation(customer, { javaScript: 'a8' });

  const detail = await step('a9 customer opens the partner detail page from the relationships page', async () => {
    const links = await linksMatching(customer, /^\/admin\/partner-relationships\/[^/]+$/);
    const chosen = links.find((l) => l.text.includes(PARTNER.name)) || links.find((l) => l.context.includes(PARTNER.name));
    assert(chosen, `no link to /admin/partner-relationships/<id> near "${PARTNER.name}"`);
    state.partnerId = new URL(chosen.href, BASE + '/').pathname.split('/').pop();
    await visit(customer, chosen.href);
    assert((await mainText(customer)).includes(PARTNER.name), 'detail page does not name the partner');
    return chosen.href;
  });

  const removed = await step('a10 customer asks to remove delegated admin for one service → confirmation page', async () => {
    const forms = customer.locator('form[action$="/remove-delegated-admin"]');
    const count = await forms.count();
    assert(count > 0, 'no form with action …/remove-delegated-admin on the partner detail page');
    for (let i = 0; i < count; i += 1) {
      const form = forms.nth(i);
      const field = form.locator('[name=service]').first();
      if ((await field.count()) === 0) continue;
      const tag = await field.evaluate((n) => n.tagName.toLowerCase() + ':' + (n.type || ''));
      let service;
      if (tag.startsWith('select')) {
        const options = await field.locator('option').evaluateAll((os) => os.map((o) => o.value));
        service = options.find((v) => v && v !== 'all');
        if (!service) continue;
        await field.selectOption(service);
      } else if (tag.endsWith(':radio')) {
        const radios = form.locator('input[name=service]');
        const values = await radios.evaluateAll((rs) => rs.map((r) => r.value));
        service = values.find((v) => v !== 'all');
        if (!service) continue;
        await form.locator(`input[name=service][value="${service}"]`).check();
      } else {
        service = await field.inputValue();
        if (!service || service === 'all') continue;
      }
      const response = await submitWith(customer, form.locator(SUBMIT).first());
      assert(response && response.status() < 400, `removal request answered ${response && response.status()}`);
      return service;
    }
    throw new Error('no removal form for a single service (service != "all")');
  });

  await step(`a11 confirmation page has a confirm form (hidden "confirm"); confirming removes DAP for ${removed}`, async () => {
    const form = customer.locator('form[action$="/remove-delegated-admin"]:has(input[name=confirm])').first();
    assert((await form.count()) === 1, `no confirm form (…/remove-delegated-admin with a "confirm" field) at ${customer.url()}`);
    const service = await form.locator('[name=service]').first().inputValue().catch(() => null);
    assert(service === removed, `confirm form is for service "${service}", expected "${removed}"`);
    const response = await submitWith(customer, form.locator(SUBMIT).first());
    assert(response && response.status() < 400, `confirming answered ${response && response.status()}`);
  });

  await step('a12 a success message is shown and the reseller relationship remains', async () => {
    const flash = customer.locator('.flash--success, [role=status]').first();
    await flash.waitFor({ state: 'visible' });
    const text = (await flash.innerText()).trim();
    assert(text.length > 0, 'the success message is empty');
    assert((await mainText(customer)).includes(PARTNER.name), `${PARTNER.name} is no longer shown after removing DAP`);
    state.removedService = removed;
  });

  await step(`a13 the partner detail page no longer offers removing ${removed} (DAP is gone)`, async () => {
    await visit(customer, detail);
    const still = await removalFormsFor(customer, removed);
    assert(still === 0, `a remove-delegated-admin form for "${removed}" is still on ${detail}`);
  });

  await step('a14 partner sees Tailspin Toys in the customer list, with a detail link', async () => {
    await visit(page, '/partner/customers');
    const links = await linksMatching(page, /^\/partner\/customers\/(?!request-relationship$)[^/]+$/);
    const chosen = links.find((l) => l.text.includes(CUSTOMER.name)) || links.find((l) => l.context.includes(CUSTOMER.name));
    assert(chosen, `no /partner/customers/<id> link for ${CUSTOMER.name}`);
    state.customerId = new URL(chosen.href, BASE + '/').pathname.split('/').pop();
    await visit(page, chosen.href);
  });

  await partnerContext.close();
  await customerContext.close();
}

// ---------------------------------------------------------------------------
// Scenario b: language switcher
// ---------------------------------------------------------------------------

async function switchLanguages(page, where) {
  const start = pathOf(page);
  for (const lang of ['ru', 'zh-CN', 'en']) {
    await step(`b ${where}: nav.languages a[hreflang=${lang}] switches <html lang> and keeps ${start}`, async () => {
      const link = page.locator(`nav.languages a[hreflang="${lang}"]`);
      assert((await link.count()) === 1, `no single nav.languages a[hreflang=${lang}]`);
      await submitWith(page, link);
      assert(pathOf(page) === start, `switching to ${lang} moved from ${start} to ${pathOf(page)}`);
      const actual = await htmlLang(page);
      assert(actual === lang, `<html lang="${actual}">, expected "${lang}"`);
      const current = page.locator(`nav.languages a[hreflang="${lang}"][aria-current]`);
      assert((await current.count()) === 1, `the ${lang} link is not marked aria-current after switching`);
    });
  }
  await step(`b ${where}: the choice is remembered without ?lang=`, async () => {
    await page.locator('nav.languages a[hreflang="ru"]').click();
    await page.waitForLoadState('load');
    await visit(page, start);
    assert((await htmlLang(page)) === 'ru', `<html lang> is ${await htmlLang(page)} after reload, expected ru`);
    await visit(page, url(start, { lang: 'en' }));
  });
}

async function scenarioLanguages() {
  const partnerContext = await newContext();
  const page = await newPage(partnerContext);
  await step('b partner signs in', () => signIn(page, 'partner', PARTNER.email));
  await step('b partner opens the request page', () => visit(page, '/partner/customers/request-relationship'));
  await switchLanguages(page, 'partner request page');
  await partnerContext.close();

  const customerContext = await newContext();
  const customer = await newPage(customerContext);
  await step('b customer signs in', () => signIn(customer, 'admin', CUSTOMER.email));
  await step('b customer opens /admin/partner-relationships', () => visit(customer, '/admin/partner-relationships'));
  await switchLanguages(customer, 'customer relationships page');
  await customerContext.close();

  const anonymous = await newContext();
  const landing = await newPage(anonymous);
  await step('b landing page opens', () => visit(landing, '/'));
  await switchLanguages(landing, 'landing page');
  await anonymous.close();
}

// ---------------------------------------------------------------------------
// Scenario c: JavaScript disabled
// ---------------------------------------------------------------------------

async function scenarioNoJavaScript() {
  const partnerContext = await newContext({ javaScriptEnabled: false });
  const page = await newPage(partnerContext);
  await step('c (no JS) partner signs in with a plain form post', () => signIn(page, 'partner', PARTNER.email));
  await step('c (no JS) request page shows the link in #email-link-paragraph and #invitation-link', async () => {
    await visit(page, '/partner/customers/request-relationship');
    const link = (await fieldValue(page, '#invitation-link')).trim();
    assert(link, '#invitation-link is empty');
    const paragraph = await page.locator('#email-link-paragraph').innerText();
    assert(paragraph.includes(link), `#email-link-paragraph lacks the link without JavaScript: "${paragraph}"`);
    assert(await page.locator('#email-link-paragraph').isVisible(), '#email-link-paragraph is not visible');
    assert(await page.locator('#invitation-link').isVisible(), '#invitation-link is not visible');
    if (!state.invitationLink) rememberInvitation(link);
    assert(link === state.invitationLink, `link differs between visits: ${link} vs ${state.invitationLink}`);
  });
  await check('c (no JS) #copy-email, which only the script can work, is not shown; the mailto link is', async () => {
    assert(!(await page.locator('#copy-email').isVisible()), '#copy-email is shown without JavaScript, and does nothing');
    assert(await page.locator('#mailto-link').isVisible(), '#mailto-link is not shown without JavaScript');
  });
  await check('c (no JS) ?email_lang=ru produces the email in Russian, link unchanged', async () => {
    await visit(page, url('/partner/customers/request-relationship', { email_lang: 'ru' }));
    const text = await page.locator('#email-paragraph-1').inputValue();
    assert(/[А-Яа-яЁё]/.test(text), `paragraph 1 is not Russian with email_lang=ru: "${text}"`);
    assert((await htmlLang(page)) === 'en', 'email_lang changed the UI language');
    assert((await fieldValue(page, '#invitation-link')).trim() === state.invitationLink, 'email_lang changed the link');
  });
  await partnerContext.close();

  const customerContext = await newContext({ javaScriptEnabled: false });
  const customer = await newPage(customerContext);
  await step('c (no JS) customer follows the link, signs in, returns to the invitation', async () => {
    await visit(customer, invitationOnBase());
    assert(pathOf(customer) === '/admin/sign-in', `expected /admin/sign-in, at ${customer.url()}`);
    await signIn(customer, 'admin', CUSTOMER.email, { alreadyThere: true });
    assert(pathOf(customer) === '/admin/partner-invitation', `after sign-in at ${customer.url()}`);
  });
  await acceptInvitation(customer, { javaScript: 'c (no JS)', ensureService: state.removedService });
  if (state.removedService && state.partnerId) {
    await step(`c (no JS) re-accepting restored delegated admin for ${state.removedService}`, async () => {
      await visit(customer, `/admin/partner-relationships/${state.partnerId}`);
      const forms = await removalFormsFor(customer, state.removedService);
      assert(forms > 0, `no remove-delegated-admin form for "${state.removedService}" after re-accepting`);
    });
  }
  await customerContext.close();
}

// ---------------------------------------------------------------------------
// Scenario e: keyboard-only walk
// ---------------------------------------------------------------------------

async function scenarioKeyboard() {
  const context = await newContext();
  const page = await newPage(context);
  await step('e partner signs in', () => signIn(page, 'partner', PARTNER.email));
  await step('e request page opens', () => visit(page, url('/partner/customers/request-relationship', { lang: 'en' })));

  const walk = await step('e Tab walk from the top reaches every control with a visible focus indicator', async () => {
    await page.evaluate(() => {
      if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      window.scrollTo(0, 0);
    });
    await page.locator('body').focus().catch(() => {});
    const seen = [];
    const noIndicator = [];
    let first = null;
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el === document.documentElement) return null;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        const rect = el.getBoundingClientRect();
        return {
          key: `${el.tagName.toLowerCase()}#${el.id}|${el.getAttribute('name') || ''}|${el.getAttribute('href') || ''}|${Math.round(rect.top + window.scrollY)}`,
          label: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''}`,
          id: el.id,
          indicator: outline || shadow,
          style: `outline: ${style.outlineStyle} ${style.outlineWidth}; box-shadow: ${style.boxShadow}`,
          visible: rect.width > 0 && rect.height > 0,
        };
      });
      if (!info) {
        if (seen.length > 0) break; // wrapped around to the browser UI
        continue;
      }
      if (first && info.key === first) break;
      if (!first) first = info.key;
      seen.push(info);
      if (!info.indicator) noIndicator.push(`${info.label} (${info.style})`);
    }
    console.log(`        focus order: ${seen.map((s) => s.label).join(' → ')}`);
    const order = ['email-paragraph-1', 'email-paragraph-2', 'copy-email'].map((id) => seen.findIndex((s) => s.id === id));
    assert(order.every((i) => i >= 0), `not reachable by Tab: ${['#email-paragraph-1', '#email-paragraph-2', '#copy-email'].filter((_, k) => order[k] < 0).join(', ')}`);
    assert(order[0] < order[1] && order[1] < order[2], `Tab order is not paragraph 1 → paragraph 2 → copy (indices ${order.join(', ')})`);
    assert(noIndicator.length === 0, `focused without a visible focus indicator:\n  ${noIndicator.join('\n  ')}`);
    const hidden = seen.filter((s) => !s.visible).map((s) => s.label);
    assert(hidden.length === 0 || hidden.every((l) => l.includes('skip')), `invisible elements receive focus: ${hidden.join(', ')}`);
    return seen;
  });
  void walk;

  await step('e changing the email language or the checkbox by keyboard submits, and focus comes back to that control', async () => {
    for (const [selector, key] of [['#email-lang', 'ArrowDown'], ['input[type=checkbox][name=dap]', 'Space']]) {
      await page.locator(selector).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
      await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), selector, { timeout: 5000 })
        .catch(async () => {
          const now = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
          throw new Error(`after the page reloaded for ${selector}, focus is on ${now}, not back on ${selector}`);
        });
    }
    await visit(page, url('/partner/customers/request-relationship', { lang: 'en', email_lang: 'en' }));
  });

  await step('e #copy-status is a live region', async () => {
    const live = await page.locator('#copy-status').evaluate((n) => ({ live: n.getAttribute('aria-live'), role: n.getAttribute('role') }));
    assert(live.live && live.live !== 'off', `#copy-status has aria-live="${live.live}" (role="${live.role}")`);
  });

  await step('e Enter on #copy-email (keyboard activation) announces in #copy-status', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
    await page.locator('#copy-email').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('copy-status').textContent.trim() !== '');
  });
  await context.close();
}

// ---------------------------------------------------------------------------
// Scenario f: screenshots
// ---------------------------------------------------------------------------

async function scenarioScreenshots() {
  await check('f partner gives out the invitation link', ensureInvitationLink);
  const partnerContext = await newContext();
  const page = await newPage(partnerContext);
  const partnerOk = await check('f partner signs in', async () => {
    await signIn(page, 'partner', PARTNER.email);
    return true;
  });
  for (const lang of partnerOk ? LANGS : []) {
    await check(`f request-relationship-${lang}.png (1280x900) and request-relationship-${lang}-360.png (360x740)`, async () => {
      await page.setViewportSize(DESKTOP);
      await visit(page, url('/partner/customers/request-relationship', { lang }));
      await page.screenshot({ path: path.join(OUT, `request-relationship-${lang}.png`), fullPage: true });
      await page.setViewportSize(MOBILE);
      await visit(page, url('/partner/customers/request-relationship', { lang }));
      await page.screenshot({ path: path.join(OUT, `request-relationship-${lang}-360.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.setViewportSize(DESKTOP);
      assert(overflow <= 1, `request page scrolls horizontally at 360 px wide (${overflow} px too wide) in ${lang}`);
    });
  }
  await partnerContext.close();

  const customerContext = await newContext();
  const customer = await newPage(customerContext);
  const customerOk = await check('f customer signs in', async () => {
    await signIn(customer, 'admin', CUSTOMER.email);
    return true;
  });
  for (const lang of customerOk ? LANGS : []) {
    if (state.invitationPath) {
      await check(`f partner-invitation-${lang}.png`, async () => {
        await visit(customer, url(invitationOnBase(), { lang }));
        await customer.screenshot({ path: path.join(OUT, `partner-invitation-${lang}.png`), fullPage: true });
      });
    }
    await check(`f partner-relationships-${lang}.png`, async () => {
      await visit(customer, url('/admin/partner-relationships', { lang }));
      await customer.screenshot({ path: path.join(OUT, `partner-relationships-${lang}.png`), fullPage: true });
    });
    // Issue 14 item 20: at 390 px («Делегированный администратор» in Russian)
    // every badge stays inside its cell and the page does not scroll sideways.
    await check(`f partner-relationships-${lang} at 390 px: badges inside their cells`, async () => {
      await customer.setViewportSize({ width: 390, height: 844 });
      await visit(customer, url('/admin/partner-relationships', { lang }));
      const problems = await customer.evaluate(() => {
        const out = [];
        for (const badge of document.querySelectorAll('td .badge')) {
          // Inside its cell, and inside the visible part of the table's box
          // (a cell pushed past the box's edge is the bug: cut off there).
          const cell = badge.closest('td').getBoundingClientRect();
          const frame = (badge.closest('.table-wrap') || document.documentElement).getBoundingClientRect();
          const box = badge.getBoundingClientRect();
          const right = Math.min(cell.right, frame.right, window.innerWidth);
          if (box.right > right + 1 || box.left < cell.left - 1 || badge.scrollWidth > badge.clientWidth + 1) {
            out.push(`${badge.textContent.trim()} (${Math.round(box.left)}-${Math.round(box.right)}, room up to ${Math.round(right)})`);
          }
        }
        const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
        if (overflow > 1) out.push(`the page scrolls sideways by ${overflow} px`);
        return out;
      });
      await customer.setViewportSize(DESKTOP);
      assert(problems.length === 0, `cut off at 390 px in ${lang}: ${problems.join('; ')}`);
    });
  }
  // A name of one long word (a customer's or a partner's) in a page's h1 and
  // in a radio label wraps at 360 px instead of widening the page or being
  // cut off at its list's edge. The demo's names are short: the check puts a
  // long one into the page it opened.
  if (customerOk) await check('f at 360 px a long unbroken name in the h1 and a radio label wraps', async () => {
    await visit(customer, url('/admin/partner-relationships', { lang: 'ru' }));
    const partnerLinks = await linksMatching(customer, /^\/admin\/partner-relationships\/[^/]+$/);
    const porLinks = await linksMatching(customer, /^\/admin\/subscriptions\/[^/]+\/partner-of-record$/);
    assert(partnerLinks.length > 0 && porLinks.length > 0, 'no partner or Partner of Record link on /admin/partner-relationships');
    await customer.setViewportSize(MOBILE);
    const problems = [];
    const long = 'Межрегиональнаяраспределительнаясетеваякомпания'.repeat(2);
    for (const [target, selector] of [[partnerLinks[0].href, '.page-header h1'], [porLinks[0].href, '.checkbox-list .checkbox > span']]) {
      await visit(customer, url(target, { lang: 'ru' }));
      const found = await customer.evaluate(([sel, text]) => {
        const element = document.querySelector(sel);
        if (!element) return `no ${sel}`;
        element.firstChild.textContent = text;
        const out = [];
        const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
        if (overflow > 1) out.push(`the page scrolls sideways by ${overflow} px`);
        const frame = (element.closest('.checkbox-list') || document.querySelector('main')).getBoundingClientRect();
        if (element.getBoundingClientRect().right > frame.right + 1) out.push(`${sel} ends past its box`);
        return out.join(', ');
      }, [selector, long]);
      if (found) problems.push(`${new URL(target, BASE + '/').pathname}: ${found}`);
    }
    await customer.setViewportSize(DESKTOP);
    assert(problems.length === 0, problems.join('; '));
  });
  await customerContext.close();
}

// ---------------------------------------------------------------------------
// Scenarios d + g: axe-core on every page in every language, raw HTML saved
// ---------------------------------------------------------------------------

const AXE_PATH = require.resolve('axe-core/axe.min.js');
const axeProblems = [];
const axeNotes = new Map(); // moderate/minor rule id -> pages
const savedHtml = [];

const PROPER_NAMES = [
  'Northwind Cloud Partners', 'Fabrikam Solutions', 'Tailspin Toys', 'Wingtip Toys', '21Vianet',
  'Office 365', 'Microsoft Azure', 'Azure', 'Dynamics 365', 'Power BI', 'partnerlink', 'Partner Center',
];

// Share of the words in <main> that are written in the language's script.
async function translatedShare(page, lang) {
  let text = await mainText(page);
  for (const name of PROPER_NAMES) text = text.split(name).join(' ');
  text = text.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  const latin = (text.match(/[A-Za-z]{2,}/g) || []).length;
  const native =
    lang === 'ru'
      ? (text.match(/[\u0400-\u04FF]{2,}/g) || []).length
      : (text.match(/[\u3400-\u9FFF]/g) || []).length / 2;
  return native + latin === 0 ? 1 : native / (native + latin);
}

async function checkPage(context, page, label, target, lang, { expectStatus = [200] } = {}) {
  const address = url(target, { lang });
  currentPage = page;
  const response = await page.goto(address, { waitUntil: 'load' });
  const status = response ? response.status() : 0;
  assert(expectStatus.includes(status), `${label} (${lang}) answered ${status}, expected ${expectStatus.join('/')}`);
  assert((await htmlLang(page)) === lang, `${label}: <html lang="${await htmlLang(page)}"> with ?lang=${lang}`);
  const title = await page.title();
  assert(title.trim().length > 0, `${label} (${lang}) has an empty <title>`);

  // Raw HTML as the server sends it (page.content() would be the live DOM).
  const raw = await context.request.get(address, { failOnStatusCode: false, maxRedirects: 0 });
  const file = path.join(HTML_OUT, `${slug(label)}-${lang}.html`);
  const body = await raw.body();
  fs.writeFileSync(file, body);
  savedHtml.push(file);
  assert(raw.status() === status, `${label} (${lang}): raw GET answered ${raw.status()}, the browser got ${status}`);
  assert(!/[\u2066-\u2069]/.test(body.toString('utf8')), `${label} (${lang}): HTML contains Unicode isolation marks (U+2066..U+2069)`);

  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
    }));
  });
  for (const v of results) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      axeProblems.push({ page: `${label} [${lang}] ${address}`, ...v });
    } else {
      const key = `${v.id} (${v.impact}): ${v.help}`;
      if (!axeNotes.has(key)) axeNotes.set(key, []);
      axeNotes.get(key).push(`${label} [${lang}] (${v.nodes.map((n) => n.target).join(', ')})`);
    }
  }

  // The page is actually translated: most words of <main>, apart from names,
  // e-mail addresses and URLs, are in the script of the language.
  if (lang !== 'en') {
    const share = await translatedShare(page, lang);
    if (process.env.PARTNERLINK_DEBUG_I18N) console.log(`        ${label} [${lang}] translated share ${share.toFixed(2)}`);
    assert(share >= 0.7, `${label} [${lang}]: the page is mostly untranslated (only ${Math.round(share * 100)}% of its words are in ${lang})`);
  }
}

async function scenarioAccessibility() {
  await check('d partner gives out the invitation link', ensureInvitationLink);
  const anonymous = await newContext({ bypassCSP: true, watchConsole: false });
  const anonPage = await newPage(anonymous);
  const partner = await newContext({ bypassCSP: true, watchConsole: false });
  const partnerPage = await newPage(partner);
  const partnerOk = await check('d partner signs in (axe context)', async () => {
    await signIn(partnerPage, 'partner', PARTNER.email);
    return true;
  });
  const customer = await newContext({ bypassCSP: true, watchConsole: false });
  const customerPage = await newPage(customer);
  const customerOk = await check('d customer signs in (axe context)', async () => {
    await signIn(customerPage, 'admin', CUSTOMER.email);
    return true;
  });

  if (partnerOk && !state.customerId) {
    await check('d find a customer detail link on /partner/customers', async () => {
      await visit(partnerPage, '/partner/customers');
      const links = await linksMatching(partnerPage, /^\/partner\/customers\/(?!request-relationship$)[^/]+$/);
      assert(links.length > 0, 'no /partner/customers/<id> link on the customer list');
      state.customerId = new URL(links[0].href, BASE + '/').pathname.split('/').pop();
    });
  }
  if (customerOk && !state.partnerId) {
    await check('d find a partner detail link on /admin/partner-relationships', async () => {
      await visit(customerPage, '/admin/partner-relationships');
      const links = await linksMatching(customerPage, /^\/admin\/partner-relationships\/[^/]+$/);
      assert(links.length > 0, 'no /admin/partner-relationships/<id> link');
      state.partnerId = new URL(links[0].href, BASE + '/').pathname.split('/').pop();
    });
  }

  if (customerOk && !state.subscriptionPath) {
    await check('d find a Partner of Record link on /admin/partner-relationships', async () => {
      await visit(customerPage, '/admin/partner-relationships');
      const links = await linksMatching(customerPage, /^\/admin\/subscriptions\/[^/]+\/partner-of-record$/);
      assert(links.length > 0, 'no /admin/subscriptions/<id>/partner-of-record link');
      state.subscriptionPath = new URL(links[0].href, BASE + '/').pathname;
    });
  }

  const helpdesk = await newContext({ bypassCSP: true, watchConsole: false });
  const helpdeskPage = await newPage(helpdesk);
  const helpdeskOk = await check('d partner helpdesk agent signs in (axe context, for the 403 page)', async () => {
    await signIn(helpdeskPage, 'partner', 'helpdesk@northwind.example');
    return true;
  });

  let rotatePage = false;
  if (partnerOk) await check('d does GET /partner/customers/request-relationship/rotate have a confirmation page?', async () => {
    const response = await partner.request.get(url('/partner/customers/request-relationship/rotate'), { failOnStatusCode: false, maxRedirects: 0 });
    rotatePage = response.status() === 200;
    console.log(`        GET …/rotate answered ${response.status()}${rotatePage ? ' (checked below)' : ' (no confirmation page; skipped)'}`);
  });

  // The server runs with PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE=true (tests/browser.rs),
  // so a local address is accepted; nothing listens there.
  if (partnerOk && !state.webhookPath) await check('d register a webhook endpoint (its secret shown once, its delivery log)', async () => {
    await visit(partnerPage, '/partner/settings/webhooks');
    await partnerPage.locator('#webhook-url').fill('http://127.0.0.1:9/partnerlink-browser-test');
    const response = await submitWith(partnerPage, formSubmit(partnerPage, '[action="/partner/settings/webhooks"]'));
    assert(response && response.status() === 200, `adding an endpoint answered ${response && response.status()}`);
    assert((await fieldValue(partnerPage, '#webhook-secret')).startsWith('whsec_'), 'the new signing secret is shown');
    const links = await linksMatching(partnerPage, /^\/partner\/settings\/webhooks\/\d+$/);
    assert(links.length > 0, 'no delivery log link on /partner/settings/webhooks');
    state.webhookPath = new URL(links[0].href, BASE + '/').pathname;
  });

  if (partnerOk && !state.apiKeyChecked) await check('d create an API key (shown once) and call the API with it', async () => {
    await visit(partnerPage, '/partner/settings/api-keys');
    await partnerPage.locator('#api-key-name').fill('Browser test');
    await partnerPage.locator('input[name="scope"][value="read"]').check();
    const response = await submitWith(partnerPage, formSubmit(partnerPage, '[action="/partner/settings/api-keys"]'));
    assert(response && response.status() === 200, `creating a key answered ${response && response.status()}`);
    const key = await fieldValue(partnerPage, '#api-key');
    assert(key.startsWith('plk_'), 'the new key is shown after the redirect');
    const answer = await partner.request.get(url('/api/v1/customers'), { headers: { Authorization: `Bearer ${key}` }, failOnStatusCode: false });
    assert(answer.status() === 200, `GET /api/v1/customers with the key answered ${answer.status()}`);
    await visit(partnerPage, '/partner/settings/api-keys');
    assert((await partnerPage.locator('#api-key').count()) === 0, 'the key is shown only once');
    state.apiKeyChecked = true;
  });

  if (partnerOk && !state.gdapPending) await check('d partner creates two delegated-admin requests', async () => {
    state.gdapPending = await createGdapRequest(partnerPage, 'GDAP 1', ['office365.helpdesk_admin', 'azure.reader']);
    state.gdapActive = await createGdapRequest(partnerPage, 'GDAP 2', ['office365.user_admin', 'azure.reader']);
  });
  if (customerOk && state.gdapActive) await check('d customer approves one of them', async () => {
    const path = `/admin/delegated-admin-requests/${state.gdapActive}`;
    await visit(customerPage, path);
    await submitWith(customerPage, formSubmit(customerPage, `[action="${path}"]`));
    assert((await customerPage.locator('form[action$="/roles/azure.reader/remove"]').count()) === 1, 'no remove button for an approved role');
  });

  const pages = [
    [anonymous, anonPage, 'landing', '/'],
    [anonymous, anonPage, 'partner-sign-in', '/partner/sign-in'],
    [anonymous, anonPage, 'admin-sign-in', '/admin/sign-in'],
    [anonymous, anonPage, 'not-found', '/this-page-does-not-exist', { expectStatus: [404] }],
    [partner, partnerPage, 'partner-customers', '/partner/customers'],
    [partner, partnerPage, 'partner-customers-search', url('/partner/customers', { q: 'Tailspin' })],
    [partner, partnerPage, 'partner-request-relationship', '/partner/customers/request-relationship'],
    [partner, partnerPage, 'partner-customer-detail', `/partner/customers/${state.customerId}`],
    [partner, partnerPage, 'partner-activity', '/partner/activity'],
    [partner, partnerPage, 'partner-activity-filtered', url('/partner/activity', { customer: state.customerId, action: 'dap_granted', from: '2026-01-01' })],
    ...(rotatePage ? [[partner, partnerPage, 'partner-rotate-confirm', '/partner/customers/request-relationship/rotate']] : []),
    [helpdesk, helpdeskPage, 'partner-forbidden', '/partner/customers/request-relationship', { expectStatus: [403] }],
    [partner, partnerPage, 'partner-not-found', '/partner/customers/999999999', { expectStatus: [404] }],
    [customer, customerPage, 'admin-partner-relationships', '/admin/partner-relationships'],
    [customer, customerPage, 'admin-partner-relationships-by-service', url('/admin/partner-relationships', { view: 'by-service' })],
    [customer, customerPage, 'admin-partner-detail', `/admin/partner-relationships/${state.partnerId}`],
    [customer, customerPage, 'admin-partner-invitation', invitationOnBase()],
    [customer, customerPage, 'admin-por-requests', '/admin/partner-of-record-requests'],
    [customer, customerPage, 'admin-activity', '/admin/activity'],
    [customer, customerPage, 'admin-activity-filtered', url('/admin/activity', { service: 'office365', to: '2099-12-31' })],
    [customer, customerPage, 'admin-activity-bad-date', url('/admin/activity', { from: '2026-13-45' }), { expectStatus: [400] }],
    [customer, customerPage, 'admin-subscription-por', state.subscriptionPath],
    [partner, partnerPage, 'partner-release-confirm', `/partner/customers/${state.customerId}/release-delegated-admin?service=all`],
    [partner, partnerPage, 'partner-customers-ended', url('/partner/customers', { status: 'ended' })],
    [partner, partnerPage, 'partner-end-confirm', `/partner/customers/${state.customerId}/end-relationship`],
    [partner, partnerPage, 'partner-webhooks', '/partner/settings/webhooks'],
    [partner, partnerPage, 'partner-webhook-log', state.webhookPath],
    [partner, partnerPage, 'partner-api-keys', '/partner/settings/api-keys'],
    [partner, partnerPage, 'partner-notification-settings', '/partner/settings/notifications'],
    [customer, customerPage, 'admin-notification-settings', '/admin/settings/notifications'],
    [customer, customerPage, 'admin-end-confirm', `/admin/partner-relationships/${state.partnerId}/end`],
    [partner, partnerPage, 'partner-gdap-list', '/partner/delegated-admin-requests'],
    [partner, partnerPage, 'partner-gdap-new', '/partner/delegated-admin-requests/new'],
    [partner, partnerPage, 'partner-gdap-pending', `/partner/delegated-admin-requests/${state.gdapPending}`],
    [partner, partnerPage, 'partner-gdap-active', `/partner/delegated-admin-requests/${state.gdapActive}`],
    [customer, customerPage, 'admin-gdap-pending', `/admin/delegated-admin-requests/${state.gdapPending}`],
    [customer, customerPage, 'admin-gdap-active', `/admin/delegated-admin-requests/${state.gdapActive}`],
    [customer, customerPage, 'admin-invitation-invalid-token', url('/admin/partner-invitation', { token: 'no-such-token' }), { expectStatus: [404] }],
  ];

  const usable = pages.filter(([context, , label]) => {
    if (context === partner && !partnerOk) return false;
    if (context === customer && !customerOk) return false;
    if (context === helpdesk && !helpdeskOk) return false;
    if (label === 'partner-customer-detail' && !state.customerId) return false;
    if (label === 'partner-activity-filtered' && !state.customerId) return false;
    if (label === 'admin-partner-detail' && !state.partnerId) return false;
    if (label === 'admin-partner-invitation' && !state.invitationPath) return false;
    if (label === 'admin-subscription-por' && !state.subscriptionPath) return false;
    if (label === 'partner-release-confirm' && !state.customerId) return false;
    if (label === 'partner-end-confirm' && !state.customerId) return false;
    if (label === 'admin-end-confirm' && !state.partnerId) return false;
    if (label === 'partner-webhook-log' && !state.webhookPath) return false;
    if (label.endsWith('gdap-pending') && !state.gdapPending) return false;
    if (label.endsWith('gdap-active') && !state.gdapActive) return false;
    return true;
  });
  if (usable.length < pages.length) {
    const skipped = pages.filter((p) => !usable.includes(p)).map((p) => p[2]);
    console.log(`        not checked (an earlier step failed): ${skipped.join(', ')}`);
  }
  for (const lang of LANGS) {
    for (const [context, page, label, target, options] of usable) {
      // A failing page must not hide the others: record and go on.
      await check(`d/g ${label} [${lang}] loads; axe run; raw HTML saved`, () =>
        checkPage(context, page, label, target, lang, options),
      );
    }
  }

  await step('d axe: no serious or critical violations on any page', async () => {
    if (axeNotes.size > 0) {
      console.log('        moderate/minor axe findings (not failing):');
      for (const [key, where] of axeNotes) console.log(`          - ${key}\n            on ${where.join(', ')}`);
    }
    if (axeProblems.length === 0) return;
    const lines = axeProblems.map((v) =>
      [
        `${v.page}`,
        `  ${v.id} (${v.impact}): ${v.help}`,
        `  ${v.helpUrl}`,
        ...v.nodes.slice(0, 6).map((n) => `    target: ${n.target}\n      ${n.html.slice(0, 200)}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`),
        ...(v.nodes.length > 6 ? [`    … and ${v.nodes.length - 6} more nodes`] : []),
      ].join('\n'),
    );
    throw new Error(`${axeProblems.length} serious/critical axe violation(s):\n${lines.join('\n')}`);
  });

  await anonymous.close();
  await partner.close();
  await customer.close();
  await helpdesk.close();
}

function javaAvailable() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return probe.status === 0;
}

async function scenarioHtmlValidation() {
  let vnu;
  try {
    vnu = require.resolve('vnu-jar');
  } catch {
    vnu = null;
  }
  const jar = vnu ? path.join(path.dirname(vnu), 'build', 'dist', 'vnu.jar') : null;
  if (!jar || !fs.existsSync(jar) || !javaAvailable()) {
    const why = !jar || !fs.existsSync(jar) ? 'vnu-jar is not installed' : 'java is not available';
    if (REQUIRE_ALL) {
      await step('g HTML validation (vnu)', () => {
        throw new Error(`${why} and PARTNERLINK_REQUIRE_ALL=1`);
      });
    }
    console.log(`  skip  g HTML validation: ${why}`);
    return;
  }
  await step(`g Nu HTML checker finds no errors in ${savedHtml.length} saved pages`, async () => {
    assert(savedHtml.length > 0, 'no HTML was saved');
    const run = spawnSync('java', ['-Xss8m', '-jar', jar, '--errors-only', '--format', 'json', ...savedHtml], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    const output = (run.stderr || '') + (run.stdout || '');
    let messages = [];
    try {
      const start = output.indexOf('{');
      messages = JSON.parse(output.slice(start)).messages || [];
    } catch {
      if (run.status !== 0) throw new Error(`vnu failed (exit ${run.status}):\n${output}`);
    }
    const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
    if (errors.length === 0) return;
    const lines = errors.map((m) => {
      const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '?';
      return `${path.relative(process.cwd(), file)}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? ''} ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, '⏎')}` : ''}`;
    });
    throw new Error(`${errors.length} HTML error(s):\n${lines.join('\n')}`);
  });
}

// ---------------------------------------------------------------------------
// Scenario h: rotating the link (last: it invalidates the link used above)
// ---------------------------------------------------------------------------

async function scenarioRotation() {
  const context = await newContext();
  const page = await newPage(context);
  await step('h partner admin signs in', () => signIn(page, 'partner', PARTNER.email));
  const before = await step('h request page shows the current link', async () => {
    await visit(page, '/partner/customers/request-relationship');
    return (await fieldValue(page, '#invitation-link')).trim();
  });
  await step('h rotating via the confirmation form gives a new link', async () => {
    const response = await page.goto(url('/partner/customers/request-relationship/rotate'));
    if (response && response.status() === 200) {
      await submitWith(page, formSubmit(page, '[action$="/request-relationship/rotate"]'));
    } else {
      await visit(page, '/partner/customers/request-relationship');
      await submitWith(page, formSubmit(page, '[action$="/request-relationship/rotate"]'));
    }
    if (pathOf(page) !== '/partner/customers/request-relationship') await visit(page, '/partner/customers/request-relationship');
    const after = (await fieldValue(page, '#invitation-link')).trim();
    assert(after && after !== before, `the link did not change: ${after}`);
  });
  const customerContext = await newContext();
  const customer = await newPage(customerContext);
  await step('h customer signs in', () => signIn(customer, 'admin', CUSTOMER.email));
  for (const lang of LANGS) {
    await check(`h the old link answers a localized 404 [${lang}]`, async () => {
      await visit(customer, url(new URL(before).pathname + new URL(before).search, { lang }), { expectStatus: [404] });
      assert((await htmlLang(customer)) === lang, `<html lang> is ${await htmlLang(customer)}`);
      await customer.screenshot({ path: path.join(OUT, `invitation-rotated-${lang}.png`), fullPage: true });
    });
  }
  await context.close();
  await customerContext.close();
}

// A delegated-admin request end to end (DESIGN.md §12): the partner creates
// it (an auto-extended full-admin request is refused first, keeping what was
// typed), copies the email with the link, the customer follows the link,
// approves a subset for fewer days; both sides see exactly those roles; the
// customer removes one role and ends the rest after a confirmation.
async function scenarioDelegatedAdmin() {
  const NEW = '/partner/delegated-admin-requests/new';
  const partnerContext = await newContext();
  await partnerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const partner = await newPage(partnerContext);
  await step('j1 partner opens the delegated-admin requests from the navigation', async () => {
    await signIn(partner, 'partner', PARTNER.email);
    const link = partner.locator('nav a[href="/partner/delegated-admin-requests"]').first();
    await Promise.all([partner.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(pathOf(partner) === '/partner/delegated-admin-requests', `at ${partner.url()}`);
    await Promise.all([partner.waitForNavigation({ waitUntil: 'load' }), partner.locator(`a[href="${NEW}"]`).first().click()]);
    assert(pathOf(partner) === NEW, `at ${partner.url()}`);
  });
  const roles = ['office365.global_admin', 'office365.helpdesk_admin', 'azure.reader'];
  // Chromium logs the expected 422 as a console error: that page is checked by status.
  const quietContext = await newContext({ watchConsole: false });
  const quiet = await newPage(quietContext);
  await step('j2 auto-extend with a full-admin role is a 422 that keeps everything typed', async () => {
    await signIn(quiet, 'partner', PARTNER.email);
    await visit(quiet, NEW);
    const partner = quiet;
    await partner.locator('input[name=display_name]').fill('GDAP walk');
    await partner.locator('input[name=duration_days]').fill('120');
    await partner.locator('input[name=auto_extend]').check();
    for (const role of roles) await partner.locator(`input[name=roles][value="${role}"]`).check();
    const response = await submitWith(partner, formSubmit(partner, `[action="${NEW}"]`));
    assert(response && response.status() === 422, `answered ${response && response.status()}`);
    assert((await partner.locator('#gdap-problem').innerText()).trim().length > 0, 'no explanation');
    assert((await partner.locator('input[name=display_name]').inputValue()) === 'GDAP walk', 'the name was lost');
    assert((await partner.locator('input[name=duration_days]').inputValue()) === '120', 'the duration was lost');
    assert(await partner.locator('input[name=auto_extend]').isChecked(), 'auto-extend was lost');
    for (const role of roles) {
      assert(await partner.locator(`input[name=roles][value="${role}"]`).isChecked(), `${role} was lost`);
    }
  });
  await quietContext.close();
  const id = await step('j3 without auto-extend the request is created; its page shows the link', async () => {
    await partner.locator('input[name=display_name]').fill('GDAP walk');
    await partner.locator('input[name=duration_days]').fill('120');
    for (const role of roles) await partner.locator(`input[name=roles][value="${role}"]`).check();
    const response = await submitWith(partner, formSubmit(partner, `[action="${NEW}"]`));
    assert(response && response.status() === 200, `answered ${response && response.status()}`);
    const match = pathOf(partner).match(/^\/partner\/delegated-admin-requests\/([^/]+)$/);
    assert(match, `not on the request's page: ${partner.url()}`);
    return match[1];
  });
  const link = await step('j4 #copy-email copies the email with the exact link', async () => {
    const value = (await fieldValue(partner, '#invitation-link')).trim();
    assert(value.endsWith(`/admin/delegated-admin-requests/${id}`), `unexpected link ${value}`);
    await partner.locator('#copy-email').click();
    await partner.waitForFunction(() => {
      const status = document.getElementById('copy-status');
      return status && status.textContent.trim() !== '';
    });
    const clip = await readClipboard(partner);
    assert(clip.includes(value), `clipboard does not contain the link ${value}:\n${clip}`);
    return value;
  });

  const customerContext = await newContext();
  const customer = await newPage(customerContext);
  const path = `/admin/delegated-admin-requests/${id}`;
  await step('j5 the customer follows the link, signs in and sees every role checked', async () => {
    await visit(customer, new URL(link).pathname);
    assert(pathOf(customer) === '/admin/sign-in', `expected the sign-in page, at ${customer.url()}`);
    await signIn(customer, 'admin', CUSTOMER.email, { alreadyThere: true });
    assert(pathOf(customer) === path, `expected ${path} after signing in, at ${customer.url()}`);
    for (const role of roles) {
      assert(await customer.locator(`input[name=roles][value="${role}"]`).isChecked(), `${role} is not checked by default`);
    }
  });
  await step('j6 the customer approves two of the three roles for 60 days', async () => {
    await customer.locator('input[name=roles][value="office365.global_admin"]').uncheck();
    await customer.locator('input[name=duration_days]').fill('60');
    const response = await submitWith(customer, formSubmit(customer, `[action="${path}"]`));
    assert(response && response.status() === 200, `approving answered ${response && response.status()}`);
    assert(pathOf(customer) === path, `at ${customer.url()}`);
    await customer.locator('.flash--success, [role=status]').first().waitFor({ state: 'visible' });
    for (const role of ['office365.helpdesk_admin', 'azure.reader']) {
      assert((await customer.locator(`form[action="${path}/roles/${role}/remove"]`).count()) === 1, `${role} cannot be removed`);
    }
    assert((await customer.locator(`form[action="${path}/roles/office365.global_admin/remove"]`).count()) === 0, 'a role not approved is offered for removal');
  });
  await step('j7 the customer\'s page of the partner lists it', async () => {
    await visit(customer, '/admin/partner-relationships');
    const links = (await linksMatching(customer, /^\/admin\/partner-relationships\/[^/]+$/)).filter((l) => l.context.includes(PARTNER.name));
    assert(links.length > 0, `no link to ${PARTNER.name}`);
    await visit(customer, links[0].href);
    assert((await customer.locator(`#delegated-admin-relationships a[href="${path}"]`).count()) === 1, 'the relationship is not listed');
  });
  await step('j8 the partner sees exactly the approved roles, on the request and the customer page', async () => {
    await visit(partner, `/partner/delegated-admin-requests/${id}`);
    assert((await partner.locator('#invitation-link').count()) === 0, 'the link is still offered once approved');
    for (const role of ['office365.helpdesk_admin', 'azure.reader']) {
      assert((await partner.locator(`#gdap-roles [data-role="${role}"] .badge--ours`).count()) === 1, `${role} is not shown approved`);
    }
    assert((await partner.locator('#gdap-roles [data-role="office365.global_admin"] .badge--ours').count()) === 0, 'a role not approved is shown approved');
    await visit(partner, '/partner/customers');
    const links = (await linksMatching(partner, /^\/partner\/customers\/\d+$/)).filter((l) => l.context.includes(CUSTOMER.name));
    assert(links.length > 0, `no link to ${CUSTOMER.name}`);
    await visit(partner, links[0].href);
    assert((await partner.locator(`#delegated-admin-relationships a[href="/partner/delegated-admin-requests/${id}"]`).count()) === 1, 'not on the customer page');
  });
  await step('j9 the customer removes one role', async () => {
    await visit(customer, path);
    const response = await submitWith(customer, formSubmit(customer, `[action="${path}/roles/azure.reader/remove"]`));
    assert(response && response.status() === 200, `removing answered ${response && response.status()}`);
    assert((await customer.locator(`form[action="${path}/roles/azure.reader/remove"]`).count()) === 0, 'the role is still offered for removal');
    assert((await customer.locator('[data-role="azure.reader"] .badge--removed').count()) === 1, 'the role is not shown removed');
  });
  await step('j10 the customer ends it after a confirmation page', async () => {
    const response = await submitWith(customer, formSubmit(customer, `[action="${path}/terminate"]`));
    assert(response && response.status() === 200, `answered ${response && response.status()}`);
    assert((await customer.locator(`form[action="${path}/terminate"] input[name=confirm]`).count()) === 1, 'no confirmation form');
    const ended = await submitWith(customer, formSubmit(customer, `[action="${path}/terminate"]`));
    assert(ended && ended.status() === 200 && pathOf(customer) === path, `ending answered ${ended && ended.status()} at ${customer.url()}`);
    assert((await customer.locator('#gdap-status.badge--removed').count()) === 1, 'the status does not read ended');
    assert((await customer.locator(`form[action^="${path}/"]`).count()) === 0, 'an ended relationship still offers actions');
  });
  await step('j11 the partner sees it ended', async () => {
    await visit(partner, `/partner/delegated-admin-requests/${id}`);
    assert((await partner.locator('#gdap-status.badge--removed').count()) === 1, 'the partner does not see it ended');
    assert((await partner.locator(`form[action$="/terminate"]`).count()) === 0, 'ending is still offered');
  });
  await partnerContext.close();
  await customerContext.close();
}

// The customer ends its relationship with the partner (DESIGN.md §11): the
// link on the partner's page, the confirmation page with an optional reason,
// the outcome on both sides. Last, because it ends the relationship the other
// scenarios use. Northwind is Partner of Record of nothing at Tailspin, so
// the relationship ends at once.
async function scenarioEnding() {
  assert(state.partnerId && state.customerId, 'an earlier step failed: no partner or customer id');
  const customerContext = await newContext();
  const customer = await newPage(customerContext);
  const detail = `/admin/partner-relationships/${state.partnerId}`;
  await step('i customer signs in and opens the partner\'s page', async () => {
    await signIn(customer, 'admin', CUSTOMER.email);
    await visit(customer, detail);
  });
  await step('i the end link leads to a confirmation page that says what happens', async () => {
    const link = customer.locator(`a[href="${detail}/end"]`).first();
    await link.waitFor({ state: 'visible' });
    await Promise.all([customer.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(pathOf(customer) === `${detail}/end`, `expected the confirmation page, at ${customer.url()}`);
    assert((await customer.locator('form[action$="/end"] input[name=confirm]').count()) === 1, 'no confirm field');
    assert((await customer.locator('textarea[name=end_reason]').count()) === 1, 'no reason field');
  });
  await step('i confirming with a reason ends the relationship, with a success message', async () => {
    await customer.locator('textarea[name=end_reason]').fill('Browser walk: consolidating partners');
    const response = await submitWith(customer, formSubmit(customer, '[action$="/end"]'));
    assert(response && response.status() === 200, `ending answered ${response && response.status()}`);
    assert(pathOf(customer) === detail, `expected to be back on ${detail}, at ${customer.url()}`);
    const flash = customer.locator('.flash--success, [role=status]').first();
    await flash.waitFor({ state: 'visible' });
    assert((await flash.innerText()).includes(PARTNER.name), 'the success message does not name the partner');
    assert((await customer.locator(`a[href="${detail}/end"]`).count()) === 0, 'an ended relationship still offers ending');
  });
  await customerContext.close();
  // Chromium logs the 409 as a console error: this page is checked by status.
  const quietContext = await newContext({ watchConsole: false });
  const quiet = await newPage(quietContext);
  await step('i ending again is a clear 409 that changes nothing', async () => {
    await signIn(quiet, 'admin', CUSTOMER.email);
    await visit(quiet, `${detail}/end`, { expectStatus: [409] });
    assert((await mainText(quiet)).trim().length > 0, 'the 409 page is empty');
  });
  await quietContext.close();

  const partnerContext = await newContext();
  const partner = await newPage(partnerContext);
  await step('i the partner no longer reaches the customer, and sees it as history', async () => {
    await signIn(partner, 'partner', PARTNER.email);
    await visit(partner, `/partner/customers/${state.customerId}`, { expectStatus: [404] });
    await visit(partner, url('/partner/customers', { status: 'ended' }));
    assert((await mainText(partner)).includes(CUSTOMER.name), `${CUSTOMER.name} is not in the ended customers`);
  });
  await partnerContext.close();
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

try {
  await scenario('a. seed flow: partner copies the email, customer accepts and removes delegated admin', scenarioSeedFlow);
  await scenario('b. language switcher on each side', scenarioLanguages);
  await scenario('c. JavaScript disabled', scenarioNoJavaScript);
  await scenario('e. keyboard-only walk of the request page', scenarioKeyboard);
  await scenario('f. screenshots', scenarioScreenshots);
  await scenario('d. accessibility (axe-core) on every page in en, ru, zh-CN', scenarioAccessibility);
  await scenario('g. HTML validation (Nu HTML checker)', scenarioHtmlValidation);
  await scenario('h. rotating the invitation link', scenarioRotation);
  await scenario('j. a delegated-admin request from creation to its end', scenarioDelegatedAdmin);
  await scenario('i. the customer ends a relationship', scenarioEnding);
  await scenario('console: no script errors or CSP violations', async () => {
    await step('no console errors, uncaught exceptions or CSP violations in JS-enabled pages', async () => {
      assert(consoleProblems.length === 0, `console problems:\n  ${[...new Set(consoleProblems)].join('\n  ')}`);
    });
  });
} finally {
  await browser.close().catch(() => {});
}

console.log('');
if (failures.length > 0) {
  console.log('Failed steps:');
  for (const f of failures) console.log(`  - ${f.name}`);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
