// A real OpenID provider (node-oidc-provider) on a loopback port, for centri's admin OIDC
// tests. Usage: node provider.mjs PORT JWKS_FILE
//
// JWKS_FILE holds the provider's private signing keys ({"keys": [...]}); when it does not
// exist the provider makes one RSA key (a random kid) and writes it there, so restarting with
// a new file name rotates the keys. Clients (client_credentials, secret
// "secret"), each issuing JWT access tokens for the resource the request names
// (default https://centri.test/admin):
//   ops      groups ["centri-admins"], email ops@example.test
//   viewer   groups ["viewers"]
//   brief    groups ["centri-admins"], tokens live 2 seconds
// and one public client for `centri login`, `centri-cli` (no secret; the device flow, the
// authorization code flow with PKCE on a loopback redirect http://127.0.0.1:ANY/callback, and
// refresh tokens, rotated on each use). Its people sign in through the provider's development
// login form (any password): alice (groups ["centri-admins"]) and bob (groups ["viewers"]).
// It prints "listening" once it serves.
import crypto from 'node:crypto';
import fs from 'node:fs';
import Provider from 'oidc-provider';

const [port, jwksFile] = process.argv.slice(2);
if (!fs.existsSync(jwksFile)) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
  fs.writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }), { mode: 0o600 });
}
const jwks = JSON.parse(fs.readFileSync(jwksFile, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

const people = {
  ops: { groups: ['centri-admins'], email: 'ops@example.test' },
  viewer: { groups: ['viewers'], email: 'viewer@example.test' },
  brief: { groups: ['centri-admins'], email: 'brief@example.test' },
  alice: { groups: ['centri-admins'], email: 'alice@example.test' },
  bob: { groups: ['viewers'], email: 'bob@example.test' },
};

const cli = {
  client_id: 'centri-cli',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: ['http://127.0.0.1/callback'],
};

const client = (id) => ({
  client_id: id,
  client_secret: 'secret',
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
});

const provider = new Provider(issuer, {
  jwks,
  cookies: { keys: ['centri-test-only'] },
  clients: [...['ops', 'viewer', 'brief'].map(client), cli],
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, ...(people[sub] ?? {}) }),
  }),
  claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
  issueRefreshToken: async (ctx, c) => c.grantTypeAllowed('refresh_token'),
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    revocation: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'https://centri.test/admin',
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, c) => ({
        scope: 'admin',
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: c.clientId === 'brief' ? 2 : 600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: (ctx, token) => {
    const who = people[token.accountId ?? token.clientId];
    return who ? { ...who } : {};
  },
});
provider.proxy = false;

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log('listening');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
