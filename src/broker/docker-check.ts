import { execFile } from 'node:child_process';

/** `docker info` answers in well under a second when an engine runs; a hung socket must not stall `auto`. */
export const DOCKER_INFO_TIMEOUT_MS = 5_000;

export interface DockerAvailability {
  ok: boolean;
  reason: string;
}

/**
 * Whether a Docker engine answers, asked through the docker CLI (used only when the Testcontainers module,
 * which asks the engine API directly, is not available).
 */
export function dockerInfoAvailable(env: NodeJS.ProcessEnv = process.env): Promise<DockerAvailability> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['info', '--format', '{{.ServerVersion}}'],
      { timeout: DOCKER_INFO_TIMEOUT_MS, env },
      (error, stdout, stderr) => {
        if (error) {
          const why = (stderr || error.message).trim().split('\n')[0] ?? 'docker info failed';
          resolve({ ok: false, reason: `docker info failed: ${why}` });
          return;
        }
        const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
        resolve({ ok: true, reason: `Docker engine ${stdout.trim()} answered at ${host}` });
      },
    );
  });
}
