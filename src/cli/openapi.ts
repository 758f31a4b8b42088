import { writeFileSync } from 'node:fs';
import { generateOpenApiDocument } from '../platform/openapi-document.js';
import { OPENAPI_FILE } from '../platform/openapi-recorded-examples.js';

// npm run openapi — regenerates openapi/openapi.json from the routes (a test fails when it drifts).
writeFileSync(OPENAPI_FILE, await generateOpenApiDocument());
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
