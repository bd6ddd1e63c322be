import { createLaunchHandles } from '../../../src/demo/launch-handles';

describe('launch handles', () => {
  test('are opaque, resolvable until they expire', () => {
    let now = 1_000;
    const handles = createLaunchHandles(() => now);
    const hint = handles.create({ messageType: 'LtiResourceLinkRequest', userId: 'u1', contextId: 'c', resourceLinkId: 'r', locale: 'vi', toolClientId: 't' });
    expect(hint).not.toContain('u1');
    expect(handles.get(hint)?.userId).toBe('u1');
    expect(handles.get(hint)?.userId).toBe('u1'); // reusable: a reloaded iframe logs in again
    now += 61 * 60 * 1000;
    expect(handles.get(hint)).toBeUndefined();
    expect(handles.get('made-up')).toBeUndefined();
  });
});
