// Loaded by the page `npm run bench:lambda` opens in Chromium: the same measurements with the browser host.
import { webWorkerHost } from '../../src/lambda/host/web-worker-host.ts';
import { measureLambda } from './lambda-measure.ts';

(globalThis as { runLambdaBench?: () => ReturnType<typeof measureLambda> }).runLambdaBench = () => measureLambda(webWorkerHost);
