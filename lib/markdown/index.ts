export { createBlockSplitter, splitBlocks, type BlockSplitter, type MarkdownBlock } from './blocks';
export { decodeEntities } from './entities';
export { safeHref } from './safe-href';
