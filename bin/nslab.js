#!/usr/bin/env node
// nslab's entry point: registers tsx so that the TypeScript sources run as
// they are in the checkout (`npx nslab ...`), then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../host-backend/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
