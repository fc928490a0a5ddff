// For tests of the page's side of `npm run dev`: the real workspace endpoint over real HTTP on a loopback port,
// serving a course of one lesson copied into a temporary folder, and the files a learner's own editor would write.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../lessons/node-loader.ts';
import { workspaceEndpoint } from '../../server/workspace-endpoint.ts';

export interface DevServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The text of workspace/LESSON/file, as `npm test` would read it. */
  onDisk(file: string): string;
  /** Writes workspace/LESSON/file, as the learner's own editor would. */
  editInOwnEditor(file: string, text: string): void;
  /** Deletes workspace/LESSON/file, as the learner might. */
  deleteInOwnEditor(file: string): void;
  /** Removes workspace/ (between tests). */
  clearWorkspace(): void;
  close(): Promise<void>;
}

export async function startDevServer(lesson: string): Promise<DevServer> {
  const root = mkdtempSync(join(tmpdir(), 'workbook-dev-'));
  cpSync(join(REPO_ROOT, 'lessons', lesson), join(root, 'lessons', lesson), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'src'), join(root, 'src'));
  const endpoint = workspaceEndpoint(root);
  const server = createServer((req, res) => endpoint(req, res, () => ((res.statusCode = 404), res.end())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const path = (file: string) => join(root, 'workspace', lesson, file);
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    onDisk: (file) => readFileSync(path(file), 'utf8'),
    editInOwnEditor(file, text) {
      mkdirSync(dirname(path(file)), { recursive: true });
      writeFileSync(path(file), text);
    },
    deleteInOwnEditor: (file) => rmSync(path(file)),
    clearWorkspace: () => rmSync(join(root, 'workspace'), { recursive: true, force: true }),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
