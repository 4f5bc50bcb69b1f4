import { planEnvironment, renderCapacityReport } from 'cdktf-million-rps';
import { shop } from './shop';

// Every count both stacks deploy, with its math: `npm run plan`.
process.stdout.write(`${renderCapacityReport(planEnvironment(shop), 'table')}\n`);
