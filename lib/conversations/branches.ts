/**
 * A conversation's messages form a tree: an edited message or a regenerated answer is another
 * child of the same parent. Pure functions over that tree, shared by the database reads (the
 * current branch) and the chat (which version of each message is shown).
 */

/** What the tree is built from: one row per message, without its content. */
export type MessageNode = {
  id: string;
  parentId: string | null;
  /** When this version was last chosen (or created). */
  chosenAt: Date;
  /** The order of insertion in the conversation. */
  position: number;
};

/** The ids of each path message's versions (its parent's children, oldest first), for the messages that have more than one. */
export type MessageVersions = Record<string, string[]>;

export type CurrentBranch = { path: string[]; versions: MessageVersions };

const newerThan = (a: MessageNode, b: MessageNode) => a.chosenAt.getTime() - b.chosenAt.getTime() || a.position - b.position;

/**
 * The current branch: from the roots down, at each step the child chosen last (the newest on a
 * tie), with the versions of every message on it.
 */
export function currentBranch(nodes: readonly MessageNode[]): CurrentBranch {
  const children = new Map<string | null, MessageNode[]>();
  for (const node of [...nodes].sort((a, b) => a.position - b.position)) {
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(node);
    else children.set(node.parentId, [node]);
  }
  const path: string[] = [];
  const versions: MessageVersions = {};
  // A parent visited twice would mean a cycle, which only a hand-edited database could hold.
  const seen = new Set<string | null>();
  for (let parent: string | null = null; !seen.has(parent); ) {
    seen.add(parent);
    const siblings = children.get(parent);
    if (!siblings) break;
    const chosen = siblings.reduce((best, node) => (newerThan(node, best) > 0 ? node : best));
    path.push(chosen.id);
    if (siblings.length > 1) versions[chosen.id] = siblings.map((node) => node.id);
    parent = chosen.id;
  }
  return { path, versions };
}


/** A message that is getting a new version (edited or answered again): its parent and its versions so far. */
export type GrowingVersions = { parentId: string | null; ids: string[] };

/**
 * The versions once the new version has appeared on the path after `growing.parentId`: it joins
 * the versions it was made beside. Unchanged until then.
 */
export function withNewVersion(versions: MessageVersions, growing: GrowingVersions | undefined, path: readonly string[]): MessageVersions {
  if (!growing) return versions;
  const at = growing.parentId === null ? 0 : path.indexOf(growing.parentId) + 1;
  if (at === 0 && growing.parentId !== null) return versions;
  const id = path[at];
  if (id === undefined || growing.ids.includes(id)) return versions;
  const ids = [...growing.ids, id];
  return { ...versions, ...Object.fromEntries(ids.map((each) => [each, ids])) };
}
