// CLI entry: `npm run fake-open-meteo [-- --port N]` (or FAKE_OPEN_METEO_PORT=N). Default port 4020.
import { serveFromCommandLine } from '../support/serve-cli.ts';
import { startFakeOpenMeteo } from './server.ts';

await serveFromCommandLine('fake-open-meteo', { portEnv: 'FAKE_OPEN_METEO_PORT', defaultPort: 4020 }, startFakeOpenMeteo);
