/** What the demo's route modules share; built once by `createDemoLms`. */
import type { AccessTokens } from './access-tokens';
import type { DeepLinkRequests } from './deep-link-requests';
import type { DemoStore } from './demo-state';
import type { PlatformSigner } from './keys';
import type { LaunchHandles } from './launch-handles';
import type { DemoRenderer } from './render';
import type { ToolKeysets } from './tool-keysets';
import type { DemoUrls } from './urls';

export interface DemoLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface DemoDeps {
  store: DemoStore;
  urls: DemoUrls;
  signer: PlatformSigner;
  handles: LaunchHandles;
  tokens: AccessTokens;
  deepLinks: DeepLinkRequests;
  toolKeysets: ToolKeysets;
  render: DemoRenderer;
  logger: DemoLogger;
}
