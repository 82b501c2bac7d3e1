// The queue mode's Redis in VS Code: the `redisUrl` setting names it without a password; with
// `redisAuth` the password is asked for once and kept in SecretStorage (the OS keychain where there
// is one), never in settings, the output channel or a report. A URL that holds a password is refused:
// settings files are plain text, often committed.
import * as vscode from 'vscode';
import { redisUrlHasPassword, type ProfileOptions } from '../engine';

const SECRET_PREFIX = 'parallelismProfiler.redisPassword:';

/** The queue options for a run; undefined: the engine's default (a private Redis); null: the user refused or cancelled. */
export async function redisQueueOptions(secrets: vscode.SecretStorage, modes: readonly string[] | undefined, scope?: vscode.Uri): Promise<ProfileOptions['queue'] | null> {
  if (!modes?.includes('queue')) return undefined;
  const c = vscode.workspace.getConfiguration('parallelismProfiler', scope);
  const url = c.get<string>('redisUrl', '').trim();
  if (url === '') return undefined;
  if (redisUrlHasPassword(url)) {
    void vscode.window.showErrorMessage('The parallelismProfiler.redisUrl setting holds a password: remove it from the URL and turn on parallelismProfiler.redisAuth; the password is then asked for once and kept in VS Code\'s SecretStorage.');
    return null;
  }
  if (!c.get<boolean>('redisAuth', false)) return { redis: { url } };
  const key = SECRET_PREFIX + url;
  let password = await secrets.get(key);
  if (password === undefined) {
    password = await vscode.window.showInputBox({
      title: 'Redis password',
      prompt: `The password of the Redis at ${url}; kept in VS Code's SecretStorage, never in settings`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return null;
    await secrets.store(key, password);
  }
  return { redis: { url, ...(password ? { password } : {}) } };
}
