#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (no build step): tsx compiles on load.
process.env.DOTENV_CONFIG_QUIET ??= 'true'; // `natural` pulls in dotenv, which otherwise prints on import
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
