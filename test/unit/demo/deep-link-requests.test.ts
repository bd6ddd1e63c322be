import { createDeepLinkRequests } from '../../../src/demo/deep-link-requests';

const REQ = { toolClientId: 't', deploymentId: 'd', contextId: 'c', userId: 'u1', locale: 'vi' as const };

describe('deep link requests', () => {
  test('data is opaque, names its request and is consumed once', () => {
    const requests = createDeepLinkRequests();
    const data = requests.issue(REQ);
    expect(data).not.toContain('u1');
    expect(requests.peek(data)).toMatchObject(REQ);
    expect(requests.peek(data)).toBeDefined(); // peeking does not consume
    expect(requests.consume(data)).toBe(true);
    expect(requests.consume(data)).toBe(false);
    expect(requests.peek(data)).toBeUndefined();
    expect(requests.peek('made-up')).toBeUndefined();
    expect(requests.consume('made-up')).toBe(false);
  });

  test('data expires', () => {
    let now = 1_000;
    const requests = createDeepLinkRequests(() => now);
    const data = requests.issue(REQ);
    now += 61 * 60 * 1000;
    expect(requests.peek(data)).toBeUndefined();
    expect(requests.consume(data)).toBe(false);
  });

  test('a nonce is accepted once per tool until it expires', () => {
    let now = 1_000;
    const requests = createDeepLinkRequests(() => now);
    expect(requests.useNonce('t', 'n1', now + 1000)).toBe(true);
    expect(requests.useNonce('t', 'n1', now + 1000)).toBe(false);
    expect(requests.useNonce('other', 'n1', now + 1000)).toBe(true);
    now += 2000;
    expect(requests.useNonce('t', 'n1', now + 1000)).toBe(true);
  });
});
