/**
 * A loopback LMS for tests: it has its own RSA keys and signs its own id_tokens, serves its
 * JWKS, a token endpoint that verifies the tool's client assertion against the tool's JWKS,
 * and an AGS score endpoint that records what it receives. Faults are switched on per test.
 * It fakes the LMS only at its HTTP edge: the tool under test talks to it over real HTTP.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface ReceivedScore { lineItemPath: string; body: Record<string, unknown>; authorization: string | undefined; contentType: string | undefined }

export class FakePlatform {
  readonly clientId = 'tool-client-1';
  readonly deploymentId = 'deployment-1';
  readonly kid = 'platform-key-1';
  url = '';
  privateKey!: CryptoKey;
  jwk!: JWK;
  scores: ReceivedScore[] = [];
  tokenRequests = 0;
  /** Statuses the next score posts answer with, in order (then 200). */
  scoreFaults: number[] = [];
  toolJwks: () => Promise<{ keys: JWK[] }> = async () => ({ keys: [] });
  /** NRPS 2.0 members served at membershipsUrl(contextId), nrpsPageSize per page with Link rel="next". */
  nrpsMembers: Array<Record<string, unknown>> = [];
  nrpsPageSize = 2;
  /** Statuses the next NRPS page requests answer with, in order (then 200). */
  nrpsFaults: number[] = [];
  nrpsRequests = 0;
  private server?: http.Server;
  private tokens = new Set<string>();

  get issuer() { return `${this.url}/issuer`; }

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' };
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  registration() {
    return {
      issuer: this.issuer, clientId: this.clientId, name: 'Loopback LMS', authUrl: `${this.url}/auth`,
      tokenUrl: `${this.url}/token`, keysetUrl: `${this.url}/jwks`, deploymentId: this.deploymentId,
    };
  }

  membershipsUrl(contextId: string) { return `${this.url}/contexts/${contextId}/memberships`; }

  lineItemUrl(contextId: string) { return `${this.url}/contexts/${contextId}/lineitems/li-1/lineitem`; }

  /** The claims of a valid learner resource-link launch; override any of them. */
  claims(nonce: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      iss: this.issuer, aud: this.clientId, sub: 'student-sub-1', nonce, azp: this.clientId,
      name: 'Lê Minh Anh',
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': 'http://tool.test/lti/launch',
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'rl-1', title: 'Scams aimed at teens' },
      'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'ctx-1', label: '8A2', title: 'Lớp 8A2' },
      'https://purl.imsglobal.org/spec/lti/claim/custom': { lesson: 'b-3-scams-aimed-at-teens' },
      'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': { locale: 'vi-VN', document_target: 'iframe' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'],
        lineitems: `${this.url}/contexts/ctx-1/lineitems`, lineitem: this.lineItemUrl('ctx-1'),
      },
      ...over,
    };
  }

  async sign(claims: Record<string, unknown>, opts: { key?: CryptoKey; kid?: string; alg?: string; expiresIn?: string | number; iat?: number } = {}): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? this.kid, typ: 'JWT' });
    if (opts.iat !== undefined) jwt.setIssuedAt(opts.iat); else jwt.setIssuedAt();
    jwt.setExpirationTime(opts.expiresIn ?? '5m');
    return jwt.sign(opts.key ?? this.privateKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (path === '/jwks') return send(200, { keys: [this.jwk] });
    if (path === '/token' && req.method === 'POST') {
      this.tokenRequests++;
      const form = new URLSearchParams(body);
      try {
        if (form.get('grant_type') !== 'client_credentials') throw new Error('grant');
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') throw new Error('assertion type');
        const jwks = createLocalJWKSet(await this.toolJwks());
        const { payload } = await jwtVerify(form.get('client_assertion') ?? '', jwks, { issuer: this.clientId, subject: this.clientId, audience: `${this.url}/token` });
        if (!payload.jti) throw new Error('jti');
      } catch {
        return send(401, { error: 'invalid_client' });
      }
      const token = crypto.randomBytes(16).toString('hex');
      this.tokens.add(token);
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    }
    const scoreMatch = /^\/contexts\/[^/]+\/lineitems\/[^/]+\/lineitem\/scores$/.test(path);
    if (scoreMatch && req.method === 'POST') {
      const fault = this.scoreFaults.shift();
      if (fault) return send(fault, { error: 'fault injected' }, fault === 429 ? { 'retry-after': '0' } : {});
      const auth = req.headers.authorization;
      if (!auth || !this.tokens.has(auth.replace(/^Bearer /, ''))) return send(401, { error: 'invalid token' });
      this.scores.push({ lineItemPath: path, body: JSON.parse(body), authorization: auth, contentType: req.headers['content-type'] });
      return send(200, {});
    }
    const nrps = /^\/contexts\/([^/]+)\/memberships$/.exec(path);
    if (nrps && req.method === 'GET') {
      this.nrpsRequests++;
      const fault = this.nrpsFaults.shift();
      if (fault) return send(fault, { error: 'fault injected' });
      const auth = req.headers.authorization;
      if (!auth || !this.tokens.has(auth.replace(/^Bearer /, ''))) return send(401, { error: 'invalid token' });
      const page = Number(new URL(req.url ?? '/', this.url).searchParams.get('page') ?? '0');
      const slice = this.nrpsMembers.slice(page * this.nrpsPageSize, (page + 1) * this.nrpsPageSize);
      const more = (page + 1) * this.nrpsPageSize < this.nrpsMembers.length;
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
      if (more) headers.link = `<${this.membershipsUrl(nrps[1]!)}?page=${page + 1}>; rel="next"`;
      return send(200, { id: this.membershipsUrl(nrps[1]!), context: { id: nrps[1] }, members: slice }, headers);
    }
    send(404, { error: 'not found' });
  }
}
