import 'reflect-metadata';
import { createApp, listen } from './app.factory.js';
import { ConfigError, loadConfig } from './config/config.js';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp(config);
  const { url } = await listen(app, config.port, config.host);
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `Beacon listening on ${url}` }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Beacon failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
