// `npm run build:test`: the production build that e2e runs against, made with a dummy
// ANTHROPIC_API_KEY so that security.spec.ts can prove no trace of a key ends up in `.next/`.
// The key is passed from here, not written in package.json: webpack's build cache keeps a copy
// of package.json. Plain Node (type stripping).
import { execFileSync } from 'node:child_process';
import { E2E_TEST_API_KEY } from './config.ts';

execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, ANTHROPIC_API_KEY: E2E_TEST_API_KEY } });
