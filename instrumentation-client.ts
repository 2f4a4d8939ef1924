import { z } from 'zod';

// Runs before any other client code. zod compiles object parsers with `new Function`, and its
// probe for that (even caught) is reported as a violation of the page's nonce-only CSP; the
// parsers it falls back to give the same results.
z.config({ jitless: true });
