import { describe, expect, it } from 'vitest';
import { currentBranch, withNewVersion, type MessageNode } from './branches';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, 0, ms));
const node = (id: string, parentId: string | null, position: number, chosenMs = position): MessageNode => ({ id, parentId, position, chosenAt: at(chosenMs) });

describe('currentBranch', () => {
  it('follows the child chosen last at each step, the newest on a tie', () => {
    const nodes = [node('q1', null, 0), node('a1', 'q1', 1), node('a1b', 'q1', 2), node('q2', 'a1', 3, 10), node('q2b', 'a1b', 4)];
    expect(currentBranch(nodes)).toEqual({ path: ['q1', 'a1b', 'q2b'], versions: { a1b: ['a1', 'a1b'] } });
    // a1 chosen after a1b was written: its own continuation comes back with it.
    nodes[1] = node('a1', 'q1', 1, 20);
    expect(currentBranch(nodes)).toEqual({ path: ['q1', 'a1', 'q2'], versions: { a1: ['a1', 'a1b'] } });
    // The same time: the one written later wins.
    expect(currentBranch([node('x', null, 0, 5), node('y', null, 1, 5)]).path).toEqual(['y']);
  });

  it('lists versions in the order they were written, whatever order the rows come in', () => {
    const nodes = [node('b', null, 1), node('c', null, 2), node('a', null, 0)];
    expect(currentBranch(nodes).versions).toEqual({ c: ['a', 'b', 'c'] });
  });

  it('is empty for an empty conversation', () => {
    expect(currentBranch([])).toEqual({ path: [], versions: {} });
  });
});

describe('withNewVersion', () => {
  it('adds the new message to the versions it was made beside, once it is on the path', () => {
    const growing = { parentId: 'q1', ids: ['a1'] };
    expect(withNewVersion({}, growing, ['q1'])).toEqual({});
    expect(withNewVersion({}, growing, ['q1', 'a1'])).toEqual({});
    expect(withNewVersion({}, growing, ['q1', 'a2'])).toEqual({ a1: ['a1', 'a2'], a2: ['a1', 'a2'] });
  });

  it('handles a new first message, and keeps the other messages\' versions', () => {
    const versions = { a1: ['a0', 'a1'] };
    expect(withNewVersion(versions, { parentId: null, ids: ['q1'] }, ['q2'])).toEqual({ ...versions, q1: ['q1', 'q2'], q2: ['q1', 'q2'] });
    expect(withNewVersion(versions, undefined, ['q2'])).toBe(versions);
  });
});
