import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument, OPENAPI_FILE } from '../platform/openapi-document.js';

// npm run openapi — regenerates openapi/openapi.json from the routes (a test fails when it drifts).
writeFileSync(OPENAPI_FILE, await generateOpenApiDocument());
process.stdout.write(`wrote ${fileURLToPath(OPENAPI_FILE)}\n`);
