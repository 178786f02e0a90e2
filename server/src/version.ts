// CAP Lens's version, as `cap-lens --version`, SARIF reports and the language server's `serverInfo` give it:
// package.json's, inlined by the bundler (so the browser build has it too).

import { version } from '../../package.json';

export const VERSION: string = version;
