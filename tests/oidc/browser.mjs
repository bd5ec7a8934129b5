// A scripted browser for centri's `centri login` tests: it opens URL, keeps cookies, follows
// redirects, submits the provider's forms (the device code confirmation, the development login
// form as LOGIN with any password, the consent form) and stops at the first page it is not
// asked to fill in: the device flow's "Sign-in Success" page, or centri's loopback callback,
// whose answer it prints. Usage: node browser.mjs LOGIN URL   (exit 0 when the flow ended on
// a 2xx page, 1 otherwise; at most 20 steps).
const [login, start] = process.argv.slice(2);
const jar = new Map();
let url = new URL(start);
let method = 'GET';
let body;

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*"([^"]*)"/g)) out[m[1].toLowerCase()] = m[2];
  return out;
}
const unescape = (s) => s.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

for (let step = 0; step < 20; step += 1) {
  const headers = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method, body, headers, redirect: 'manual' });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    url = new URL(location, url);
    method = 'GET';
    body = undefined;
    continue;
  }
  const html = await res.text();
  const form = html.match(/<form\b[^>]*>([\s\S]*?)<\/form>/i);
  if (!form || /Sign-in Success/.test(html)) {
    console.log(`${res.status} ${url}`);
    console.log(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300));
    process.exit(res.ok ? 0 : 1);
  }
  const action = attrs(form[0].match(/<form\b[^>]*>/i)[0]).action ?? url.href;
  const fields = new URLSearchParams();
  for (const m of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const a = attrs(m[0]);
    if (!a.name) continue;
    if (a.name === 'login') fields.set('login', login);
    else if (a.name === 'password') fields.set('password', 'any');
    else fields.set(a.name, unescape(a.value ?? ''));
  }
  url = new URL(unescape(action), url);
  method = 'POST';
  body = fields.toString();
}
console.log(`gave up after 20 steps at ${url}`);
process.exit(1);
