// The scenario kept in the URL: a link reproduces the scenario and the step.
import { describe, expect, it } from 'vitest';
import { decodeUrlState, encodeUrlState } from '../../web/src/state/url.ts';

describe('scenario in the URL', () => {
  it('a library scenario and its step round-trip, readable in the address bar', () => {
    const hash = encodeUrlState({ name: 'core/orphans', at: 5 });
    expect(hash).toBe('#s=core/orphans&k=5');
    expect(decodeUrlState(hash)).toEqual({ name: 'core/orphans', at: 5 });
  });

  it('a pasted scenario keeps its whole text, non-ASCII included', () => {
    const text = 'init: fork() -> nen   # el fill (català)\nnen: ps\n';
    const back = decodeUrlState(encodeUrlState({ text, at: 2 }));
    expect(back).toEqual({ text, at: 2 });
  });

  it('step 0 is left out; a malformed hash asks for nothing', () => {
    expect(encodeUrlState({ name: 'container-test', at: 0 })).toBe('#s=container-test');
    expect(decodeUrlState('#t=%%%&k=-3')).toEqual({ at: 0 });
    expect(decodeUrlState('#k=1.5')).toEqual({ at: 0 });
    expect(decodeUrlState('')).toEqual({ at: 0 });
  });
});
