import { loadEnv } from '#platform';
import { createApi } from './app.js';

const env = loadEnv();
const app = await createApi(env);
await app.listen({ port: env.PORT, host: env.HOST });
console.log(`[api] listening on http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}  (OpenAPI: /docs)`);
