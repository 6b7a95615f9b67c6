// The apps `npm start` and `npm run migrate` handle, in start order, with their default ports.
import { existsSync } from 'node:fs';

const ALL = [
  { name: 'identification', port: 3100 },
  { name: 'housing', port: 3101 },
  { name: 'medical', port: 3102 },
  { name: 'education', port: 3103 },
  { name: 'exit-verification', port: 3104 },
  { name: 'gateway', port: 3000 },
];

/** Apps present in this checkout (services are added one by one). */
export const APPS = ALL.filter((app) => existsSync(`apps/${app.name}/src/main.ts`));
