/**
 * The built-in demo LMS: a small but real LTI 1.3 platform mounted at `/demo`. The composition
 * root is the only importer; `createDemoLms` loads (or seeds) the demo state, registers the
 * platform with the tool and returns the router to mount.
 */
import path from 'node:path';
import express, { Router } from 'express';
import { createAccessTokens } from './access-tokens';
import { adminRoutes } from './admin.routes';
import { agsLineItemRoutes } from './ags-lineitems.routes';
import { agsScoreRoutes } from './ags-scores.routes';
import { applySeed, DEMO_CLIENT_ID, DEMO_DEPLOYMENT_ID, DEMO_SCHOOL_NAME, emptyState, type SeedLesson } from './demo-seed';
import { createDeepLinkRequests } from './deep-link-requests';
import { deepLinkingRoutes } from './deep-linking.routes';
import { createDemoStore, demoStateFile, readState, writeStateAtomically } from './demo-state';
import type { DemoDeps, DemoLogger } from './deps';
import { createLaunchHandles } from './launch-handles';
import { createPlatformKey, createPlatformSigner } from './keys';
import { nrpsRoutes } from './nrps.routes';
import { oidcRoutes } from './oidc.routes';
import { pagesRoutes } from './pages.routes';
import { registrationRoutes } from './registration.routes';
import { createRenderer } from './render';
import { projectPaths } from '../paths';
import { tokenRoutes } from './token.routes';
import { createToolKeysets } from './tool-keysets';
import { demoUrls } from './urls';

export interface DemoPlatformRegistration {
  issuer: string; clientId: string; name: string; authUrl: string; tokenUrl: string; keysetUrl: string;
  deploymentId: string; deploymentName: string;
}

export interface DemoLmsOptions {
  publicUrl: string;
  dataDir: string;
  lessons: SeedLesson[];
  logger: DemoLogger;
  registerPlatform(reg: DemoPlatformRegistration): Promise<void>;
}

export async function createDemoLms(opts: DemoLmsOptions): Promise<{ router: Router; registration: DemoPlatformRegistration }> {
  const urls = demoUrls(opts.publicUrl);
  const file = demoStateFile(opts.dataDir);
  const data = (await readState(file)) ?? emptyState(await createPlatformKey());
  applySeed(data, urls, opts.lessons);
  await writeStateAtomically(file, data);
  const store = createDemoStore(file, data);

  const root = projectPaths().root;
  const deps: DemoDeps = {
    store,
    urls,
    signer: createPlatformSigner(() => store.data().keys),
    handles: createLaunchHandles(),
    tokens: createAccessTokens(),
    deepLinks: createDeepLinkRequests(),
    toolKeysets: createToolKeysets(),
    render: createRenderer(path.join(root, 'views', 'demo')),
    logger: opts.logger,
  };

  const registration: DemoPlatformRegistration = {
    issuer: urls.issuer,
    clientId: DEMO_CLIENT_ID,
    name: 'First Shield demo LMS',
    authUrl: urls.auth,
    tokenUrl: urls.token,
    keysetUrl: urls.jwks,
    deploymentId: DEMO_DEPLOYMENT_ID,
    deploymentName: DEMO_SCHOOL_NAME,
  };
  await opts.registerPlatform(registration);

  const router = Router();
  router.use('/static', express.static(path.join(root, 'public', 'demo'), { index: false, maxAge: '1h' }));
  router.get('/jwks', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(deps.signer.jwks());
  });
  router.use(oidcRoutes(deps));
  router.use(tokenRoutes(deps));
  router.use(agsLineItemRoutes(deps));
  router.use(agsScoreRoutes(deps));
  router.use(nrpsRoutes(deps));
  router.use(adminRoutes(deps));
  router.use(registrationRoutes(deps));
  router.use(deepLinkingRoutes(deps));
  router.use(pagesRoutes(deps));
  opts.logger.info({ issuer: urls.issuer, classes: data.contexts.length }, 'demo LMS ready');
  return { router, registration };
}
