// The environment of the lanes (worker threads and child processes) and of the arguments evaluator:
// the user's own environment, without the variables VS Code and Electron set for their own
// processes (IPC handles, crash-reporter pipes, loader and language settings). Those describe the
// editor, not the user's program; a program that finds them may talk to the editor or behave as
// part of it. ELECTRON_RUN_AS_NODE is put back where the children need it: under Electron,
// process.execPath is the Electron binary, and only that variable makes it a plain Node.
const EDITOR_INTERNAL = [/^VSCODE_/, /^ELECTRON_/, /^APPLICATIONINSIGHTS_/, /^CHROME_CRASHPAD_/, /^ORIGINAL_XDG_CURRENT_DESKTOP$/];

export function isEditorInternal(name: string): boolean {
  return EDITOR_INTERNAL.some((re) => re.test(name));
}

export function childEnvironment(env: NodeJS.ProcessEnv = process.env, electron = process.versions.electron !== undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isEditorInternal(name)) out[name] = value;
  }
  if (electron) out.ELECTRON_RUN_AS_NODE = '1';
  return out;
}
