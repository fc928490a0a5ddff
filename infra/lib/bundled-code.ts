// A lesson function's code for Lambda: its file bundled by esbuild, through esbuild's own API in this process.
// CDK's NodejsFunction bundles the same way but starts `npx --no-install esbuild` for each function (an npm process,
// about half a CPU-second before esbuild runs); a course of 15 lessons has some 25 functions, so `npm run synth`
// and the CDK tests spent more time starting npm than bundling. The options are the ones NodejsFunction was given:
// the AWS SDK inside the bundle (the version the simulator answered), Node.js 24, CommonJS, a source map without
// the sources, so errors in the logs point at the lesson file's own lines.

import { dirname, join, relative } from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

/** The bundle's file: `index.<export>` is the handler, as with NodejsFunction. */
export const BUNDLE_FILE = 'index.js';

/**
 * `entry` bundled into an asset named by the bundle's own hash. `projectRoot` is where esbuild resolves packages
 * and tsconfig.json from. CDK falls back to Docker only when local bundling says it could not; this never does.
 */
export function bundledCode(entry: string, projectRoot: string): lambda.Code {
  const local: ILocalBundling = {
    tryBundle(outputDir) {
      buildSync({
        entryPoints: [entry],
        absWorkingDir: projectRoot,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node24',
        outfile: join(outputDir, BUNDLE_FILE),
        sourcemap: true,
        sourcesContent: false,
        minify: false,
        logLevel: 'error',
      });
      return true;
    },
  };
  return lambda.Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws esbuild's error.
      image: DockerImage.fromRegistry('local-esbuild'),
      local,
      // CDK reuses a bundle for assets whose source folder and bundling options are the same, and cannot see inside
      // `local`: the entry in the command keeps two functions of one lesson folder from sharing the first one's bundle.
      command: ['esbuild', '--bundle', relative(projectRoot, entry)],
    },
  });
}
