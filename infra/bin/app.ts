// Entry point for the CDK CLI (infra/cdk.json: "app": "node bin/app.ts"). Node 24 runs the TypeScript directly.
import { buildApp } from '../lib/app.ts';

const { app } = await buildApp();
app.synth();
