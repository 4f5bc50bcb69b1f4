/** `npm run capacity`: every tier's inputs (with sources), formula, size and capacity with one AZ lost. */
import { renderEnvironmentReport } from 'cdktf-million-rps';
import { CAPACITY } from './capacity';

process.stdout.write(`${renderEnvironmentReport(CAPACITY, 'table')}\n`);
