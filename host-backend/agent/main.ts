// `node --import tsx host-backend/agent/main.ts [options]`: the agent as a
// process of its own (what `nslab agent` runs; the benchmark starts it so).
import { agentMain } from './cli.ts';

process.exitCode = await agentMain(process.argv.slice(2));
