// `nslab agent` as its own process, for the tests that kill it.
import { agentMain } from '../../host-backend/agent/cli.ts';

process.exitCode = await agentMain(process.argv.slice(2));
