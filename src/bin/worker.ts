import { serveBuilds } from '../pipeline/worker.js';

serveBuilds();
