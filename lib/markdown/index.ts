export { createBlockSplitter, splitBlocks, warmUpLexer, type BlockSplitter, type MarkdownBlock } from './blocks';
export { decodeEntities } from './entities';
export { safeHref } from './safe-href';
