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
  clients: Object.keys(people).map(client),
  features: {
    devInteractions: { enabled: false },
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
    const who = people[token.clientId];
    return who ? { ...who } : {};
  },
});
provider.proxy = false;

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log('listening');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
