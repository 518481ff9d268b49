import { loadEnv } from '#platform';
import { createApi } from './app.js';

const env = loadEnv();
const app = await createApi(env);
await app.listen({ port: env.PORT, host: '0.0.0.0' });
console.log(`[api] listening on http://127.0.0.1:${env.PORT}  (OpenAPI: /docs)`);
