// What the lanes inherit: the user's environment, not the editor's internal variables.
import * as assert from 'node:assert/strict';
import { childEnvironment } from '../../src/engine/lanes/childEnvironment';

describe('childEnvironment', () => {
  const host = {
    PATH: '/usr/bin', HOME: '/home/u', NODE_OPTIONS: '--max-old-space-size=100', MY_TOKEN: 'x',
    VSCODE_IPC_HOOK: '/run/vscode.sock', VSCODE_PID: '12', VSCODE_NLS_CONFIG: '{}', ELECTRON_NO_ASAR: '1',
    ELECTRON_RUN_AS_NODE: '1', APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: '{}', CHROME_CRASHPAD_PIPE_NAME: 'p',
    ORIGINAL_XDG_CURRENT_DESKTOP: 'GNOME',
  };

  it("keeps the user's variables and drops VS Code's and Electron's", () => {
    assert.deepEqual(childEnvironment(host, false), { PATH: '/usr/bin', HOME: '/home/u', NODE_OPTIONS: '--max-old-space-size=100', MY_TOKEN: 'x' });
  });

  it('under Electron, sets ELECTRON_RUN_AS_NODE so a child of the Electron binary is a plain Node', () => {
    const env = childEnvironment(host, true);
    assert.equal(env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(env.ELECTRON_NO_ASAR, undefined);
    assert.equal(env.VSCODE_IPC_HOOK, undefined);
  });
});
