// CLI entry: `npm run fake-anthropic [-- --port N]` (or FAKE_ANTHROPIC_PORT=N). Default port 4010.
import { serveFromCommandLine } from '../support/serve-cli.ts';
import { startFakeAnthropic } from './server.ts';

await serveFromCommandLine('fake-anthropic', { portEnv: 'FAKE_ANTHROPIC_PORT', defaultPort: 4010 }, startFakeAnthropic);
